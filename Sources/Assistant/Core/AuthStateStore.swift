import Foundation

/// How many failed logins are tolerated before logins are refused for a while.
package struct LoginLimits: Sendable {
    package var perUsername: Int
    package var perAddress: Int
    package var window: TimeInterval

    package init(perUsername: Int = 5, perAddress: Int = 20, window: TimeInterval = 300) {
        self.perUsername = perUsername
        self.perAddress = perAddress
        self.window = window
    }
}

/// The server's security state that every instance must share: failed logins (rate limits), revoked token ids
/// (logout) and the token-signing secret. It lives here, beside `ConversationStore`, because the server
/// (Transport) and the databases (Storage, PostgresStorage) both need it and neither depends on the other.
package protocol AuthStateStore: Sendable {
    /// Seconds to wait before trying again, or nil when a login attempt may go ahead.
    func loginRetryAfter(username: String, address: String, now: Date, limits: LoginLimits) async throws -> Int?
    func recordLoginFailure(username: String, address: String, now: Date, limits: LoginLimits) async throws
    /// A success clears the username's failures (not the address's: one good password must not unlock guessing).
    func recordLoginSuccess(username: String) async throws
    /// Refuses the token id until `expiresAt`, after which the token is invalid anyway.
    func revoke(tokenID: String, expiresAt: Date) async throws
    func isRevoked(tokenID: String, now: Date) async throws -> Bool
    /// The signing secret shared by all instances: the stored one, or `generate()`'s value stored first.
    func sharedSecret(named name: String, generate: @Sendable () throws -> [UInt8]) async throws -> [UInt8]
}

/// Retry-after arithmetic shared by every `AuthStateStore`: given the failures inside the window, how long until
/// the oldest one that keeps the count at the limit ages out.
package enum LoginThrottle {
    package static func retryAfter(userFailures: [Date], addressFailures: [Date], now: Date, limits: LoginLimits) -> Int? {
        let userBlocked = userFailures.count >= limits.perUsername
        guard userBlocked || addressFailures.count >= limits.perAddress else { return nil }
        let oldest = (userBlocked ? userFailures : addressFailures).min() ?? now
        return max(1, Int(oldest.addingTimeInterval(limits.window).timeIntervalSince(now).rounded(.up)))
    }
}
