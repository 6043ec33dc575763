/// What a turn relays to the user's other connections: every event, except that text deltas are merged and
/// sent at most once per `interval`. A streamed answer is dozens of deltas a second; on PostgreSQL each relayed
/// one is a NOTIFY, and a second screen only needs to look live. Order is kept: pending text goes out before
/// the next non-text event.
struct RelayCoalescer {
    let interval: Duration
    private var pending = ""
    private var lastSent: ContinuousClock.Instant?

    init(interval: Duration = .milliseconds(250)) {
        self.interval = interval
    }

    /// The events to relay now, given `event` at `now`.
    mutating func relay(_ event: ServerEvent, at now: ContinuousClock.Instant) -> [ServerEvent] {
        if case .delta(let text) = event {
            pending += text
            guard lastSent.map({ now - $0 >= interval }) ?? true else { return [] }
            lastSent = now
            defer { pending = "" }
            return [.delta(pending)]
        }
        var events: [ServerEvent] = []
        if !pending.isEmpty { events.append(.delta(pending)) }
        pending = ""
        events.append(event)
        return events
    }
}
