import Assistant
import Foundation
import PostgresNIO
import Storage

/// Failed logins, revoked token ids and the signing secret, shared by every instance.
package struct PostgresAuthStateStore: AuthStateStore {
    let database: PostgresDatabase

    package init(database: PostgresDatabase) {
        self.database = database
    }

    package func loginRetryAfter(username: String, address: String, now: Date, limits: LoginLimits) async throws -> Int? {
        let cutoff = now.addingTimeInterval(-limits.window)
        let fromUser = try await database.rows(
            "SELECT at FROM login_failures WHERE username = \(username.lowercased()) AND at > \(cutoff)"
        ).map { try $0.decode(Date.self) }
        let fromAddress = try await database.rows(
            "SELECT at FROM login_failures WHERE address = \(address) AND at > \(cutoff)"
        ).map { try $0.decode(Date.self) }
        return LoginThrottle.retryAfter(userFailures: fromUser, addressFailures: fromAddress, now: now, limits: limits)
    }

    package func recordLoginFailure(username: String, address: String, now: Date, limits: LoginLimits) async throws {
        let cutoff = now.addingTimeInterval(-limits.window)
        try await database.execute("DELETE FROM login_failures WHERE at <= \(cutoff)")
        try await database.execute(
            "INSERT INTO login_failures (username, address, at) VALUES (\(username.lowercased()), \(address), \(now))")
    }

    package func recordLoginSuccess(username: String) async throws {
        try await database.execute("DELETE FROM login_failures WHERE username = \(username.lowercased())")
    }

    package func revoke(tokenID: String, expiresAt: Date) async throws {
        try await database.execute(
            """
            INSERT INTO revoked_tokens (jti, expires_at) VALUES (\(tokenID), \(expiresAt))
            ON CONFLICT (jti) DO UPDATE SET expires_at = excluded.expires_at
            """)
    }

    package func isRevoked(tokenID: String, now: Date) async throws -> Bool {
        try await !database.rows("SELECT 1 FROM revoked_tokens WHERE jti = \(tokenID) AND expires_at > \(now)").isEmpty
    }

    package func sharedSecret(named name: String, generate: @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
        let candidate = try generate()
        try await database.execute(
            "INSERT INTO server_secrets (name, value) VALUES (\(name), \(ByteBuffer(bytes: candidate))) ON CONFLICT (name) DO NOTHING")
        guard let row = try await database.rows("SELECT value FROM server_secrets WHERE name = \(name)").first else {
            throw StorageError.failed("the secret \(name) could not be stored")
        }
        var buffer = try row.decode(ByteBuffer.self)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
