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
            if let existing = try UserRecord.named(name).fetchOne(db) { return existing.user }
            var record = UserRecord(name: name, createdAt: now)
            try record.insert(db)
            return record.user
        }
    }
}

extension SQLiteUserStore {
    package func register(name: String, passwordHash: String) async throws -> Bool {
        let now = clock.now()
        return try await database.write { db in
            guard try UserRecord.named(name).fetchCount(db) == 0 else { return false }
            var record = UserRecord(name: name, createdAt: now, passwordHash: passwordHash)
            try record.insert(db)
            return true
        }
    }

    package func setPassword(name: String, passwordHash: String) async throws -> User {
        let user = try await user(named: name)
        try await database.write { db in
            _ = try UserRecord.filter(UserRecord.Columns.id == user.id).updateAll(db, UserRecord.Columns.passwordHash.set(to: passwordHash))
        }
        return user
    }

    package func credentials(name: String) async throws -> (user: User, passwordHash: String)? {
        try await database.read { db in
            guard let record = try UserRecord.named(name).fetchOne(db), let hash = record.passwordHash else { return nil }
            return (record.user, hash)
        }
    }
}
