import Foundation
import Assistant
import GRDB

/// A person using JobHunter. In the REPL the user is named on the command line; the server adds passwords.
public struct User: Sendable, Equatable {
    public var id: Int64
    public var name: String
}

public protocol UserStore: Sendable {
    /// The user with this name, created if new. Names compare case-insensitively.
    func user(named name: String) async throws -> User
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
