import Assistant
import Foundation
import GRDB

/// A person using JobHunter. In the REPL the user is named on the command line; the server adds passwords.
package struct User: Sendable, Equatable {
    package var id: Int64
    package var name: String

    package init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}

package protocol UserStore: Sendable {
    /// The user with this name, created if new. Names compare case-insensitively.
    func user(named name: String) async throws -> User
    /// Creates a new account with a password hash; false when the name exists at all. A remote registration never
    /// adopts an existing row: a name used only in the terminal has a profile, resumes and a conversation that
    /// whoever registers it first would otherwise receive.
    func register(name: String, passwordHash: String) async throws -> Bool
    /// Sets or replaces the password of the named user, creating the user if new: the local
    /// `jobhunter users set-password NAME` command, which only someone with access to the database can run.
    func setPassword(name: String, passwordHash: String) async throws -> User
    /// The user and stored password hash, if the account has one.
    func credentials(name: String) async throws -> (user: User, passwordHash: String)?
}

package struct SQLiteUserStore: UserStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func user(named name: String) async throws -> User {
        let now = clock.now()
        return try await database.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, name FROM users WHERE name = ?", arguments: [name]) {
                return User(id: row["id"], name: row["name"])
            }
            try db.execute(sql: "INSERT INTO users (name, created_at) VALUES (?, ?)", arguments: [name, now])
            return User(id: db.lastInsertedRowID, name: name)
        }
    }
}

extension SQLiteUserStore {
    package func register(name: String, passwordHash: String) async throws -> Bool {
        let now = clock.now()
        return try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT id FROM users WHERE name = ?", arguments: [name]) == nil else { return false }
            try db.execute(
                sql: "INSERT INTO users (name, created_at, password_hash) VALUES (?, ?, ?)", arguments: [name, now, passwordHash])
            return true
        }
    }

    package func setPassword(name: String, passwordHash: String) async throws -> User {
        let user = try await user(named: name)
        try await database.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [passwordHash, user.id])
        }
        return user
    }

    package func credentials(name: String) async throws -> (user: User, passwordHash: String)? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, name, password_hash FROM users WHERE name = ?", arguments: [name]),
                let hash: String = row["password_hash"]
            else { return nil }
            return (User(id: row["id"], name: row["name"]), hash)
        }
    }
}
