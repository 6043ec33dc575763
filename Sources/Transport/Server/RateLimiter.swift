import Foundation
import Synchronization

/// Token buckets by key: each key may spend `burst` at once and earns `perMinute` back per minute. Used for
/// registrations (per address and in all), turns and uploads (per user). In memory, per instance: these protect
/// this process's CPU, so they need not be shared between instances.
final class RateLimiter: Sendable {
    struct Rate: Sendable {
        var burst: Double
        var perMinute: Double
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let rate: Rate
    private let buckets = Mutex<[String: Bucket]>([:])

    init(_ rate: Rate) {
        self.rate = rate
    }

    /// Spends one token for `key`, or returns the seconds until one is available.
    func spend(_ key: String, now: Date) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: rate.burst, updated: now)
            let earned = max(0, now.timeIntervalSince(bucket.updated)) * rate.perMinute / 60
            bucket.tokens = min(rate.burst, bucket.tokens + earned)
            bucket.updated = now
            defer {
                buckets[key] = bucket
                // Full buckets carry no information; forgetting them bounds the table by the active keys.
                if buckets.count > 10_000 { buckets = buckets.filter { $0.value.tokens < rate.burst } }
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) * 60 / rate.perMinute).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}

/// The server's per-user and per-address allowances.
struct ServerQuotas: Sendable {
    let registrationsPerAddress = RateLimiter(.init(burst: 20, perMinute: 2))
    let registrationsInAll = RateLimiter(.init(burst: 60, perMinute: 10))
    let turns: RateLimiter
    let uploads = RateLimiter(.init(burst: 3, perMinute: 6))

    init(turns: RateLimiter.Rate) {
        self.turns = RateLimiter(turns)
    }
}
