import Assistant
import Foundation
import GRDB
import Storage

package struct SQLiteProfileStore: ProfileStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func profile(userID: Int64) async throws -> UserProfile {
        try await database.read { db in try Self.fetch(db, userID: userID) }
    }

    package func save(_ profile: UserProfile, userID: Int64) async throws {
        let now = clock.now()
        try await database.write { db in try Self.store(db, profile, userID: userID, now: now) }
    }

    package func update<Result: Sendable>(
        userID: Int64, _ change: @Sendable @escaping (inout UserProfile) -> Result
    ) async throws -> (profile: UserProfile, result: Result) {
        let now = clock.now()
        return try await database.write { db in
            var profile = try Self.fetch(db, userID: userID)
            let result = change(&profile)
            try Self.store(db, profile, userID: userID, now: now)
            return (profile, result)
        }
    }

    private static func fetch(_ db: Database, userID: Int64) throws -> UserProfile {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM profiles WHERE user_id = ?", arguments: [userID]) else {
            return UserProfile()
        }
        var profile = UserProfile(
            name: row["name"], headline: row["headline"], targetRoles: list(row["target_roles"]),
            locations: list(row["locations"]),
            remotePreference: (row["remote_preference"] as String?).flatMap(UserProfile.RemotePreference.init(rawValue:)),
            salaryFloor: row["salary_floor"], salaryCurrency: row["salary_currency"], skills: list(row["skills"]),
            yearsExperience: row["years_experience"])
        if let details: String = row["details"],
            let decoded = try? JSONDecoder().decode(UserProfile.Details.self, from: Data(details.utf8))
        {
            profile.details = decoded
        }
        return profile
    }

    private static func store(_ db: Database, _ profile: UserProfile, userID: Int64, now: Date) throws {
        try db.execute(
            sql: """
                INSERT INTO profiles (user_id, name, headline, target_roles, locations, remote_preference,
                    salary_floor, salary_currency, skills, years_experience, details, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(user_id) DO UPDATE SET name = excluded.name, headline = excluded.headline,
                    target_roles = excluded.target_roles, locations = excluded.locations,
                    remote_preference = excluded.remote_preference, salary_floor = excluded.salary_floor,
                    salary_currency = excluded.salary_currency, skills = excluded.skills,
                    years_experience = excluded.years_experience, details = excluded.details,
                    updated_at = excluded.updated_at
                """,
            arguments: [
                userID, profile.name, profile.headline, try SQLiteConversationStore.encode(profile.targetRoles),
                try SQLiteConversationStore.encode(profile.locations), profile.remotePreference?.rawValue,
                profile.salaryFloor, profile.salaryCurrency, try SQLiteConversationStore.encode(profile.skills),
                profile.yearsExperience, String(decoding: try JSONEncoder().encode(profile.details), as: UTF8.self), now,
            ])
    }

    private static func list(_ json: String?) -> [String] {
        guard let json else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}
