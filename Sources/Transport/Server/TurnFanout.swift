import Assistant
import Foundation
import Synchronization

/// Sends a user's turn events to that user's other WebSocket connections: directly on this instance, and
/// through `relay` (PostgreSQL NOTIFY when several instances share a database) to the connections on the others.
package final class TurnFanout: Sendable {
    package typealias Deliver = @Sendable (JSONValue) -> Void

    /// Tells this instance's own relayed messages from other instances'.
    package let instanceID = UUID().uuidString
    private struct State {
        var subscribers: [Int64: [UUID: Deliver]] = [:]
        var relay: (@Sendable (String) -> Void)?
    }
    private let state = Mutex(State())

    package init() {}

    /// Where to send events for the other instances; nil (the default) keeps them on this instance.
    package func setRelay(_ relay: (@Sendable (String) -> Void)?) {
        state.withLock { $0.relay = relay }
    }

    func subscribe(userID: Int64, connection: UUID, deliver: @escaping Deliver) {
        state.withLock { $0.subscribers[userID, default: [:]][connection] = deliver }
    }

    func unsubscribe(userID: Int64, connection: UUID) {
        state.withLock { state in
            state.subscribers[userID]?.removeValue(forKey: connection)
            if state.subscribers[userID]?.isEmpty == true { state.subscribers.removeValue(forKey: userID) }
        }
    }

    /// Delivers the event to the user's connections other than `origin`, here and on the other instances. The
    /// event is built only when someone can receive it: with one connection and no other instance, nothing is.
    func publish(userID: Int64, origin: UUID, event: () -> JSONValue) {
        let (local, relay) = state.withLock { ($0.subscribers[userID] ?? [:], $0.relay) }
        let others = local.filter { $0.key != origin }.values
        guard !others.isEmpty || relay != nil else { return }
        let event = event()
        for deliver in others { deliver(event) }
        // "INSTANCE USER EVENT-JSON": receivers skip their own messages, and users with no connection there,
        // without parsing any JSON.
        relay?("\(instanceID) \(userID) \(event.jsonText)")
    }

    /// A relayed message from any instance; this instance's own are ignored (it delivered them already).
    package func receiveRelayed(_ text: String) {
        let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] != instanceID, let user = Int64(fields[1]) else { return }
        let local = state.withLock { $0.subscribers[user] ?? [:] }
        guard !local.isEmpty, let event = try? JSONValue.parse(String(fields[2])) else { return }
        for deliver in local.values { deliver(event) }
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.values.reduce(0) { $0 + $1.count } } }
}
