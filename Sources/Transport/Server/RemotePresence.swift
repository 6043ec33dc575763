/// Which users have a WebSocket on another instance, learned from the relay, so a turn is sent through PostgreSQL
/// only when someone elsewhere can receive it. Every instance announces a user's first connection and last
/// close as they happen, and its whole roster every `rosterInterval`; an instance not heard from for three
/// intervals (it crashed) counts for nobody. Knowledge is incomplete right after this instance starts listening
/// (announcements sent before were missed), so for one interval every turn is relayed, as without presence.
/// Sans-IO: time comes in as arguments.
struct RemotePresence {
    let rosterInterval: Duration
    private var instances: [String: Instance] = [:]
    private var listeningSince: ContinuousClock.Instant?

    private struct Instance {
        var users: Set<Int64>
        var heard: ContinuousClock.Instant
    }

    init(rosterInterval: Duration = .seconds(10)) {
        self.rosterInterval = rosterInterval
    }

    /// The relay (re)started listening: announcements may have been missed until now.
    mutating func startedListening(at now: ContinuousClock.Instant) {
        listeningSince = now
    }

    mutating func stoppedListening() {
        listeningSince = nil
        instances.removeAll()
    }

    /// Whether a turn of this user's must be relayed: someone elsewhere may be connected, or we cannot tell yet.
    func mayHaveConnections(userID: Int64, at now: ContinuousClock.Instant) -> Bool {
        guard let since = listeningSince, now - since >= rosterInterval else { return true }
        return instances.values.contains { now - $0.heard <= rosterInterval * 3 && $0.users.contains(userID) }
    }

    mutating func heard(from instance: String, at now: ContinuousClock.Instant) {
        instances[instance, default: Instance(users: [], heard: now)].heard = now
    }

    mutating func roster(_ users: Set<Int64>, of instance: String, at now: ContinuousClock.Instant) {
        instances[instance] = Instance(users: users, heard: now)
    }

    mutating func present(_ userID: Int64, on instance: String, at now: ContinuousClock.Instant) {
        instances[instance, default: Instance(users: [], heard: now)].users.insert(userID)
        instances[instance]?.heard = now
    }

    mutating func absent(_ userID: Int64, on instance: String, at now: ContinuousClock.Instant) {
        instances[instance]?.users.remove(userID)
        instances[instance]?.heard = now
    }

    mutating func left(_ instance: String) {
        instances.removeValue(forKey: instance)
    }
}
