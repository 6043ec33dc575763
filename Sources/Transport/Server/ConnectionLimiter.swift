import Synchronization

/// Open connections, in all and per client address, so one client cannot take every descriptor the process
/// has: past either cap a new connection is answered 503 and closed at once.
final class ConnectionLimiter: Sendable {
    struct Limits: Sendable {
        /// Below the usual 1,024 descriptor limit, leaving room for the database, files and child processes.
        var total = 768
        var perAddress = 64
    }

    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    let limits: Limits
    /// Addresses exempt from the per-address cap: a reverse proxy carries every client (`--trusted-proxy`).
    let exempt: Set<String>
    private let counts = Mutex(Counts())

    init(limits: Limits, exempt: Set<String>) {
        self.limits = limits
        self.exempt = exempt
    }

    /// Counts the connection in, or returns false (and counts nothing) when a cap is reached.
    func admit(_ address: String) -> Bool {
        counts.withLock { counts in
            guard counts.total < limits.total else { return false }
            let current = counts.byAddress[address, default: 0]
            guard exempt.contains(address) || current < limits.perAddress else { return false }
            counts.total += 1
            counts.byAddress[address] = current + 1
            return true
        }
    }

    func release(_ address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = left > 0 ? left : nil
        }
    }

    var open: Int { counts.withLock { $0.total } }
}
