import Assistant
import Foundation
import PostgresNIO
import Storage

/// Accounts in PostgreSQL; names compare case-insensitively through the unique index on lower(name).
package struct PostgresUserStore: UserStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func user(named name: String) async throws -> User {
        let now = clock.now()
        try await database.execute(
            "INSERT INTO users (name, created_at) VALUES (\(name), \(now)) ON CONFLICT (lower(name)) DO NOTHING")
        guard let row = try await database.rows("SELECT id, name FROM users WHERE lower(name) = lower(\(name))").first else {
            throw StorageError.failed("the user \(name) could not be created")
        }
        let (id, stored) = try row.decode((Int64, String).self)
        return User(id: id, name: stored)
    }

    package func register(name: String, passwordHash: String) async throws -> Bool {
        let now = clock.now()
        // Never adopts an existing row, a terminal-only one included (see UserStore.register).
        let created = try await database.rows(
            """
            INSERT INTO users (name, created_at, password_hash) VALUES (\(name), \(now), \(passwordHash))
            ON CONFLICT (lower(name)) DO NOTHING
            RETURNING id
            """)
        return !created.isEmpty
    }

    package func setPassword(name: String, passwordHash: String) async throws -> User {
        let user = try await user(named: name)
        try await database.execute("UPDATE users SET password_hash = \(passwordHash) WHERE id = \(user.id)")
        return user
    }

    package func credentials(name: String) async throws -> (user: User, passwordHash: String)? {
        guard
            let row = try await database.rows(
                "SELECT id, name, password_hash FROM users WHERE lower(name) = lower(\(name)) AND password_hash IS NOT NULL"
            ).first
        else { return nil }
        let (id, stored, hash) = try row.decode((Int64, String, String).self)
        return (User(id: id, name: stored), hash)
    }
}

/// Profiles as one JSON document per user; `update` locks the row so concurrent changes from two instances
/// are applied one after the other, never lost.
package struct PostgresProfileStore: ProfileStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func profile(userID: Int64) async throws -> UserProfile {
        let rows = try await database.rows("SELECT document FROM profiles WHERE user_id = \(userID)")
        guard let row = rows.first else { return UserProfile() }
        return JSONText.decode(UserProfile.self, try row.decode(String.self)) ?? UserProfile()
    }

    package func save(_ profile: UserProfile, userID: Int64) async throws {
        let now = clock.now()
        let document = try JSONText.encode(profile)
        try await database.execute(
            """
            INSERT INTO profiles (user_id, document, updated_at) VALUES (\(userID), \(document), \(now))
            ON CONFLICT (user_id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """)
    }

    package func update<Result: Sendable>(
        userID: Int64, _ change: @Sendable @escaping (inout UserProfile) -> Result
    ) async throws -> (profile: UserProfile, result: Result) {
        let now = clock.now()
        let empty = try JSONText.encode(UserProfile())
        return try await database.transaction { connection in
            try await connection.query(
                "INSERT INTO profiles (user_id, document, updated_at) VALUES (\(userID), \(empty), \(now)) ON CONFLICT (user_id) DO NOTHING",
                logger: database.logger)
            var document: String?
            for try await value in try await connection.query(
                "SELECT document FROM profiles WHERE user_id = \(userID) FOR UPDATE", logger: database.logger
            ).decode(String.self) {
                document = value
            }
            var profile = JSONText.decode(UserProfile.self, document) ?? UserProfile()
            let result = change(&profile)
            let updated = try JSONText.encode(profile)
            try await connection.query(
                "UPDATE profiles SET document = \(updated), updated_at = \(now) WHERE user_id = \(userID)", logger: database.logger)
            return (profile, result)
        }
    }
}

/// Token usage per user and model.
package struct PostgresUsageStore: UsageStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func record(userID: Int64, model: String, usage: TokenUsage) async throws {
        let now = clock.now()
        try await database.execute(
            """
            INSERT INTO usage (user_id, model, prompt_tokens, completion_tokens, created_at)
            VALUES (\(userID), \(model), \(usage.promptTokens), \(usage.completionTokens), \(now))
            """)
    }

    package func totals(userID: Int64, since: Date?) async throws -> [UsageTotal] {
        let from = since ?? Date(timeIntervalSince1970: 0)
        return try await database.rows(
            """
            SELECT model, COUNT(*), SUM(prompt_tokens)::BIGINT, SUM(completion_tokens)::BIGINT
            FROM usage WHERE user_id = \(userID) AND created_at >= \(from) GROUP BY model ORDER BY model
            """
        ).map { row in
            let (model, requests, prompt, completion) = try row.decode((String, Int, Int, Int).self)
            return UsageTotal(model: model, requests: requests, promptTokens: prompt, completionTokens: completion)
        }
    }
}
