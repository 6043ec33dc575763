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
            typealias Columns = LoginFailureRow.Columns
            let recent = LoginFailureRow.filter(Columns.at > cutoff).select(Columns.at, as: Date.self)
            let users = try recent.filter(Columns.username == key).fetchAll(db)
            let addresses = try recent.filter(Columns.address == address).fetchAll(db)
            return LoginThrottle.retryAfter(userFailures: users, addressFailures: addresses, now: now, limits: limits)
        }
    }

    package func recordLoginFailure(username: String, address: String, now: Date, limits: LoginLimits) async throws {
        let cutoff = now.addingTimeInterval(-limits.window)
        try await database.write { db in
            _ = try LoginFailureRow.filter(LoginFailureRow.Columns.at <= cutoff).deleteAll(db)
            var failure = LoginFailureRow(username: username.lowercased(), address: address, at: now)
            try failure.insert(db)
        }
    }

    package func recordLoginSuccess(username: String) async throws {
        try await database.write { db in
            _ = try LoginFailureRow.filter(LoginFailureRow.Columns.username == username.lowercased()).deleteAll(db)
        }
    }

    package func revoke(tokenID: String, expiresAt: Date) async throws {
        try await database.write { db in
            try RevokedTokenRow(jti: tokenID, expiresAt: expiresAt).insert(db, onConflict: .replace)
        }
    }

    package func isRevoked(tokenID: String, now: Date) async throws -> Bool {
        try await database.read { db in
            try RevokedTokenRow.filter(RevokedTokenRow.Columns.jti == tokenID && RevokedTokenRow.Columns.expiresAt > now).fetchCount(db) > 0
        }
    }

    /// The first instance to ask stores its candidate; every later one gets that same secret.
    package func sharedSecret(named name: String, generate: @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
        let candidate = try generate()
        return try await database.write { db in
            try ServerSecretRow(name: name, value: Data(candidate)).insert(db, onConflict: .ignore)
            guard let stored = try ServerSecretRow.fetchOne(db, key: name) else {
                throw StorageError.failed("the secret \(name) could not be stored")
            }
            return Array(stored.value)
        }
    }
}
