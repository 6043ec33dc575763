import Assistant
import Foundation
import Storage

extension Stores {
    /// The embedded default: every store on one SQLite file.
    package static func sqlite(_ database: AppDatabase, clock: WallClock = .system) -> Stores {
        Stores(
            backend: "sqlite", location: database.path, users: SQLiteUserStore(database: database, clock: clock),
            conversations: SQLiteConversationStore(database: database, clock: clock),
            usage: SQLiteUsageStore(database: database, clock: clock), profiles: SQLiteProfileStore(database: database, clock: clock),
            jobs: SQLiteJobStore(database: database, clock: clock),
            applications: SQLiteApplicationStore(database: database, clock: clock),
            sourceRuns: SQLiteSourceRunStore(database: database), resumes: SQLiteResumeStore(database: database, clock: clock),
            letters: SQLiteCoverLetterStore(database: database, clock: clock),
            interviews: SQLiteInterviewStore(database: database, clock: clock), auth: SQLiteAuthStateStore(database: database),
            isReachable: { await database.isReachable() })
    }
}
