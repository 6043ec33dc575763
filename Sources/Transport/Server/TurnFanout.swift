import Assistant
import Foundation
import Synchronization

/// Sends a user's turn events to that user's other WebSocket connections: directly on this instance, and
/// through `relay` (PostgreSQL NOTIFY when several instances share a database) to the connections on the others,
/// but only when `RemotePresence` says another instance may hold one of that user's connections.
///
/// A connection opened elsewhere is announced a moment after it opens, so a turn that starts in that moment would
/// miss it. Events not relayed are therefore kept for `replayWindow`; an announcement says when the connection
/// opened, and the events of turns that started since are relayed then, in order, before any later event.
///
/// Relay messages are "INSTANCE USER EVENT-JSON" for events, and "INSTANCE WORD …" for presence:
/// `present USER OPENED-MS`, `absent USER`, `roster USER,USER,…`, `hello` (asks every instance for its roster)
/// and `bye`.
package final class TurnFanout: Sendable {
    package typealias Deliver = @Sendable (JSONValue) -> Void

    /// Tells this instance's own relayed messages from other instances'.
    package let instanceID = UUID().uuidString
    /// How often this instance re-announces its users (`announceRoster`); the others expire it after three.
    package let rosterInterval: Duration
    /// How long events not relayed are kept for a connection announced late; more than an announcement takes.
    static let replayWindow: TimeInterval = 10
    /// Instances' clocks (NTP) may differ this much: a turn that started this long before the connection opened is
    /// replayed too. Larger, a tab opened just after a turn would be shown that turn again; a skew beyond it only
    /// costs the start of a turn that began as the tab opened, as before instances knew of each other.
    static let clockSkew: TimeInterval = 0.1
    /// Per user; text deltas are merged to a few a second before they get here, so a turn is far below this.
    static let maximumWithheld = 500
    private let now: @Sendable () -> ContinuousClock.Instant
    private let wallNow: @Sendable () -> Date

    private struct Withheld {
        let turnStarted: Date
        let message: String
    }

    private struct State {
        var subscribers: [Int64: [UUID: Deliver]] = [:]
        var relay: (@Sendable (String) -> Void)?
        var presence: RemotePresence
        var relayedEvents = 0
        var withheld: [Int64: [Withheld]] = [:]
    }
    private let state: Mutex<State>

    package init(
        rosterInterval: Duration = .seconds(10), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        wallNow: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.now = now
        self.wallNow = wallNow
        self.rosterInterval = rosterInterval
        state = Mutex(State(presence: RemotePresence(rosterInterval: rosterInterval)))
    }

    /// Where to send messages for the other instances; nil (the default) keeps events on this instance.
    package func setRelay(_ relay: (@Sendable (String) -> Void)?) {
        let previous = state.withLock { state in
            defer {
                state.relay = relay
                if relay == nil {
                    state.presence.stoppedListening()
                    state.withheld.removeAll()
                }
            }
            return state.relay
        }
        if relay == nil { previous?("\(instanceID) bye") }
    }

    /// The relay (re)started listening: what was announced before is unknown, so ask every instance for its roster
    /// and announce ours.
    package func relayListening() {
        let relay = state.withLock { state in
            state.presence.startedListening(at: now())
            return state.relay
        }
        relay?("\(instanceID) hello")
        announceRoster()
    }

    /// This instance's users with a connection, for the other instances; sent every `rosterInterval`.
    package func announceRoster() {
        let (users, relay) = state.withLock { ($0.subscribers.keys.map(String.init).joined(separator: ","), $0.relay) }
        relay?("\(instanceID) roster \(users)")
    }

    func subscribe(userID: Int64, connection: UUID, deliver: @escaping Deliver) {
        let opened = Int64((wallNow().timeIntervalSince1970 * 1000).rounded())
        let (first, relay) = state.withLock { state in
            let first = state.subscribers[userID] == nil
            state.subscribers[userID, default: [:]][connection] = deliver
            return (first, state.relay)
        }
        if first { relay?("\(instanceID) present \(userID) \(opened)") }
    }

    func unsubscribe(userID: Int64, connection: UUID) {
        let (last, relay) = state.withLock { state in
            guard state.subscribers[userID]?.removeValue(forKey: connection) != nil else { return (false, state.relay) }
            let last = state.subscribers[userID]?.isEmpty == true
            if last { state.subscribers.removeValue(forKey: userID) }
            return (last, state.relay)
        }
        if last { relay?("\(instanceID) absent \(userID)") }
    }

    /// Delivers the event to the user's connections other than `origin`, here and on the other instances. The
    /// event is built only when someone can receive it, now or when a connection opened elsewhere is announced:
    /// with one connection and no other instance, nothing is.
    func publish(userID: Int64, origin: UUID, turnStarted: Date? = nil, event: () -> JSONValue) {
        let instant = now()
        let wall = wallNow()
        state.withLock { state in
            let others = (state.subscribers[userID] ?? [:]).filter { $0.key != origin }.map(\.value)
            guard !others.isEmpty || state.relay != nil else { return }
            let built = event()
            for deliver in others { deliver(built) }
            guard let relay = state.relay else { return }
            // Receivers skip their own messages, and users with no connection there, without parsing any JSON.
            let message = "\(instanceID) \(userID) \(built.jsonText)"
            if state.presence.mayHaveConnections(userID: userID, at: instant) {
                // Sent under the lock, so a replay of withheld events never lands after a later event.
                relay(message)
                state.relayedEvents += 1
            } else {
                var kept = state.withheld[userID, default: []].filter { wall.timeIntervalSince($0.turnStarted) < Self.replayWindow }
                if kept.count < Self.maximumWithheld { kept.append(Withheld(turnStarted: turnStarted ?? wall, message: message)) }
                state.withheld[userID] = kept
            }
        }
    }

    /// A relayed message from any instance; this instance's own are ignored (it delivered them already).
    package func receiveRelayed(_ text: String) {
        let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2, fields[0] != instanceID else { return }
        let instance = String(fields[0])
        let instant = now()
        guard let user = Int64(fields[1]) else {
            return receivePresence(instance, String(fields[1]), fields.count == 3 ? fields[2] : "", at: instant)
        }
        guard fields.count == 3 else { return }
        let local = state.withLock { state in
            state.presence.heard(from: instance, at: instant)
            return state.subscribers[user] ?? [:]
        }
        guard !local.isEmpty, let event = try? JSONValue.parse(String(fields[2])) else { return }
        for deliver in local.values { deliver(event) }
    }

    private func receivePresence(_ instance: String, _ word: String, _ argument: Substring, at instant: ContinuousClock.Instant) {
        switch word {
        case "present", "absent":
            let fields = argument.split(separator: " ")
            guard let user = fields.first.flatMap({ Int64($0) }) else { return }
            state.withLock { state in
                guard word == "present" else { return state.presence.absent(user, on: instance, at: instant) }
                state.presence.present(user, on: instance, at: instant)
                // Events withheld from turns that started since that connection opened go out now, in order.
                guard let openedMS = fields.dropFirst().first.flatMap({ Int64($0) }), let relay = state.relay,
                    let withheld = state.withheld.removeValue(forKey: user)
                else { return }
                let opened = Date(timeIntervalSince1970: Double(openedMS) / 1000).addingTimeInterval(-Self.clockSkew)
                for kept in withheld where kept.turnStarted >= opened {
                    relay(kept.message)
                    state.relayedEvents += 1
                }
            }
        case "roster":
            let users = Set(argument.split(separator: ",").compactMap { Int64($0) })
            state.withLock { $0.presence.roster(users, of: instance, at: instant) }
        case "hello":
            state.withLock { $0.presence.heard(from: instance, at: instant) }
            announceRoster()
        case "bye":
            state.withLock { $0.presence.left(instance) }
        default:
            return
        }
    }

    /// Events sent to other instances (each a NOTIFY on PostgreSQL), for /metrics.
    package var relayedEvents: Int { state.withLock { $0.relayedEvents } }

    var subscriberCount: Int { state.withLock { $0.subscribers.values.reduce(0) { $0 + $1.count } } }
}
