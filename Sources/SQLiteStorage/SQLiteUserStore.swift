import Assistant
import Foundation
import GRDB
import Storage

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
