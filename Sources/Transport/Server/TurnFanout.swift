import Assistant
import Foundation
import Synchronization

/// Sends a user's turn events to that user's other WebSocket connections: directly on this instance, and
/// through `relay` (PostgreSQL NOTIFY when several instances share a database) to the connections on the others,
/// but only when `RemotePresence` says another instance may hold one of that user's connections.
///
/// Relay messages are "INSTANCE USER EVENT-JSON" for events, and "INSTANCE WORD …" for presence: `present USER`,
/// `absent USER`, `roster USER,USER,…`, `hello` (asks every instance for its roster) and `bye`.
package final class TurnFanout: Sendable {
    package typealias Deliver = @Sendable (JSONValue) -> Void

    /// Tells this instance's own relayed messages from other instances'.
    package let instanceID = UUID().uuidString
    /// How often this instance re-announces its users (`announceRoster`); the others expire it after three.
    package let rosterInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private struct State {
        var subscribers: [Int64: [UUID: Deliver]] = [:]
        var relay: (@Sendable (String) -> Void)?
        var presence: RemotePresence
        var relayedEvents = 0
    }
    private let state: Mutex<State>

    package init(rosterInterval: Duration = .seconds(10), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.now = now
        self.rosterInterval = rosterInterval
        state = Mutex(State(presence: RemotePresence(rosterInterval: rosterInterval)))
    }

    /// Where to send messages for the other instances; nil (the default) keeps events on this instance.
    package func setRelay(_ relay: (@Sendable (String) -> Void)?) {
        let previous = state.withLock { state in
            defer {
                state.relay = relay
                if relay == nil { state.presence.stoppedListening() }
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
        let (first, relay) = state.withLock { state in
            let first = state.subscribers[userID] == nil
            state.subscribers[userID, default: [:]][connection] = deliver
            return (first, state.relay)
        }
        if first { relay?("\(instanceID) present \(userID)") }
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
    /// event is built only when someone can receive it: with one connection and nobody elsewhere, nothing is.
    func publish(userID: Int64, origin: UUID, event: () -> JSONValue) {
        let instant = now()
        let (local, relay) = state.withLock { state in
            let remote = state.relay != nil && state.presence.mayHaveConnections(userID: userID, at: instant)
            if remote { state.relayedEvents += 1 }
            return (state.subscribers[userID] ?? [:], remote ? state.relay : nil)
        }
        let others = local.filter { $0.key != origin }.values
        guard !others.isEmpty || relay != nil else { return }
        let event = event()
        for deliver in others { deliver(event) }
        // Receivers skip their own messages, and users with no connection there, without parsing any JSON.
        relay?("\(instanceID) \(userID) \(event.jsonText)")
    }

    /// A relayed message from any instance; this instance's own are ignored (it delivered them already).
    package func receiveRelayed(_ text: String) {
        let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2, fields[0] != instanceID else { return }
        let instance = String(fields[0])
        let instant = now()
        guard let user = Int64(fields[1]) else { return receivePresence(instance, String(fields[1]), fields.count == 3 ? fields[2] : "") }
        guard fields.count == 3 else { return }
        let local = state.withLock { state in
            state.presence.heard(from: instance, at: instant)
            return state.subscribers[user] ?? [:]
        }
        guard !local.isEmpty, let event = try? JSONValue.parse(String(fields[2])) else { return }
        for deliver in local.values { deliver(event) }
    }

    private func receivePresence(_ instance: String, _ word: String, _ argument: Substring) {
        let instant = now()
        switch word {
        case "present", "absent":
            guard let user = Int64(argument) else { return }
            state.withLock { state in
                if word == "present" {
                    state.presence.present(user, on: instance, at: instant)
                } else {
                    state.presence.absent(user, on: instance, at: instant)
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
