import Foundation
import Assistant
import GRDB

/// A person using JobHunter. In the REPL the user is named on the command line; the server adds passwords.
public struct User: Sendable, Equatable {
    public var id: Int64
    public var name: String

    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}

public protocol UserStore: Sendable {
    /// The user with this name, created if new. Names compare case-insensitively.
    func user(named name: String) async throws -> User
    /// Creates an account with a password hash; false when the name is taken by an account with a password.
    func register(name: String, passwordHash: String) async throws -> Bool
    /// The user and stored password hash, if the account has one.
    func credentials(name: String) async throws -> (user: User, passwordHash: String)?
}

public struct SQLiteUserStore: UserStore {
    let database: AppDatabase
    let clock: WallClock

    public init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    public func user(named name: String) async throws -> User {
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
    public func register(name: String, passwordHash: String) async throws -> Bool {
        let now = clock.now()
        return try await database.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, password_hash FROM users WHERE name = ?", arguments: [name]) {
                // A name used only in the terminal (no password yet) can be claimed once.
                guard (row["password_hash"] as String?) == nil else { return false }
                try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [passwordHash, row["id"] as Int64])
                return true
            }
            try db.execute(sql: "INSERT INTO users (name, created_at, password_hash) VALUES (?, ?, ?)", arguments: [name, now, passwordHash])
            return true
        }
    }

    public func credentials(name: String) async throws -> (user: User, passwordHash: String)? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, name, password_hash FROM users WHERE name = ?", arguments: [name]),
                let hash: String = row["password_hash"]
            else { return nil }
            return (User(id: row["id"], name: row["name"]), hash)
        }
    }
}
