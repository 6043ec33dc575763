import Assistant
import Foundation
import GRDB
import Storage

/// Failed logins, revoked tokens and the signing secret in SQLite, so a restart keeps a logout a logout.
package struct SQLiteAuthStateStore: AuthStateStore {
    let database: AppDatabase

    package init(database: AppDatabase) {
        self.database = database
    }

    package func loginRetryAfter(username: String, address: String, now: Date, limits: LoginLimits) async throws -> Int? {
        let cutoff = now.addingTimeInterval(-limits.window)
        let key = username.lowercased()
        return try await database.read { db in
            let users = try Date.fetchAll(db, sql: "SELECT at FROM login_failures WHERE username = ? AND at > ?", arguments: [key, cutoff])
            let addresses = try Date.fetchAll(
                db, sql: "SELECT at FROM login_failures WHERE address = ? AND at > ?", arguments: [address, cutoff])
            return LoginThrottle.retryAfter(userFailures: users, addressFailures: addresses, now: now, limits: limits)
        }
    }

    package func recordLoginFailure(username: String, address: String, now: Date, limits: LoginLimits) async throws {
        let cutoff = now.addingTimeInterval(-limits.window)
        try await database.write { db in
            try db.execute(sql: "DELETE FROM login_failures WHERE at <= ?", arguments: [cutoff])
            try db.execute(
                sql: "INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)",
                arguments: [username.lowercased(), address, now])
        }
    }

    package func recordLoginSuccess(username: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM login_failures WHERE username = ?", arguments: [username.lowercased()])
        }
    }

    package func revoke(tokenID: String, expiresAt: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)", arguments: [tokenID, expiresAt])
        }
    }

    package func isRevoked(tokenID: String, now: Date) async throws -> Bool {
        try await database.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM revoked_tokens WHERE jti = ? AND expires_at > ?", arguments: [tokenID, now]) ?? false
        }
    }

    package func sharedSecret(named name: String, generate: @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
        let candidate = try generate()
        return try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)", arguments: [name, Data(candidate)])
            guard let stored = try Data.fetchOne(db, sql: "SELECT value FROM server_secrets WHERE name = ?", arguments: [name]) else {
                throw StorageError.failed("the secret \(name) could not be stored")
            }
            return Array(stored)
        }
    }
}
