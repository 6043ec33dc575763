import Foundation
import Synchronization

/// Auth state for one process that keeps nothing on disk: the default when a backend brings no store of its own,
/// and the reference the database-backed stores are tested against.
package final class InMemoryAuthState: AuthStateStore {
    private struct State {
        var users: [String: [Date]] = [:]
        var addresses: [String: [Date]] = [:]
        var revoked: [String: Date] = [:]
        var secrets: [String: [UInt8]] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    package func loginRetryAfter(username: String, address: String, now: Date, limits: LoginLimits) async throws -> Int? {
        state.withLock { state in
            let key = username.lowercased()
            let cutoff = now.addingTimeInterval(-limits.window)
            state.users[key] = state.users[key]?.filter { $0 > cutoff }
            state.addresses[address] = state.addresses[address]?.filter { $0 > cutoff }
            return LoginThrottle.retryAfter(
                userFailures: state.users[key] ?? [], addressFailures: state.addresses[address] ?? [], now: now, limits: limits)
        }
    }

    package func recordLoginFailure(username: String, address: String, now: Date, limits: LoginLimits) async throws {
        state.withLock { state in
            state.users[username.lowercased(), default: []].append(now)
            state.addresses[address, default: []].append(now)
        }
    }

    package func recordLoginSuccess(username: String) async throws {
        state.withLock { state in _ = state.users.removeValue(forKey: username.lowercased()) }
    }

    package func revoke(tokenID: String, expiresAt: Date) async throws {
        state.withLock { $0.revoked[tokenID] = expiresAt }
    }

    package func isRevoked(tokenID: String, now: Date) async throws -> Bool {
        state.withLock { state in
            state.revoked = state.revoked.filter { $0.value > now }
            return state.revoked[tokenID] != nil
        }
    }

    package func sharedSecret(named name: String, generate: @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
        try state.withLock { state in
            if let existing = state.secrets[name] { return existing }
            let created = try generate()
            state.secrets[name] = created
            return created
        }
    }
}
