import Foundation
import Synchronization

/// Failed logins per username and per client address in a sliding window; past the limit, logins are refused
/// (429) until old failures age out. A success clears the username's failures.
public final class LoginRateLimiter: Sendable {
    public struct Limits: Sendable {
        public var perUsername: Int
        public var perAddress: Int
        public var window: TimeInterval

        public init(perUsername: Int = 5, perAddress: Int = 20, window: TimeInterval = 300) {
            self.perUsername = perUsername
            self.perAddress = perAddress
            self.window = window
        }
    }

    private let limits: Limits
    private let failures = Mutex<(users: [String: [Date]], addresses: [String: [Date]])>(([:], [:]))

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Seconds to wait before trying again, or nil when a login attempt may go ahead.
    public func retryAfter(username: String, address: String, now: Date) -> Int? {
        failures.withLock { state in
            let key = username.lowercased()
            let cutoff = now.addingTimeInterval(-limits.window)
            state.users[key] = state.users[key]?.filter { $0 > cutoff }
            state.addresses[address] = state.addresses[address]?.filter { $0 > cutoff }
            let user = state.users[key] ?? []
            let client = state.addresses[address] ?? []
            guard user.count >= limits.perUsername || client.count >= limits.perAddress else { return nil }
            let oldest = (user.count >= limits.perUsername ? user : client).min() ?? now
            return max(1, Int((oldest.addingTimeInterval(limits.window).timeIntervalSince(now)).rounded(.up)))
        }
    }

    public func recordFailure(username: String, address: String, now: Date) {
        failures.withLock { state in
            state.users[username.lowercased(), default: []].append(now)
            state.addresses[address, default: []].append(now)
        }
    }

    public func recordSuccess(username: String) {
        failures.withLock { state in _ = state.users.removeValue(forKey: username.lowercased()) }
    }
}
