import Assistant
import Foundation
import Storage

extension Stores {
    /// Every store on one PostgreSQL database, for several `serve` instances sharing it.
    package static func postgres(_ database: PostgresDatabase, clock: WallClock = .system) -> Stores {
        Stores(
            backend: "postgresql", location: database.location.description, users: PostgresUserStore(database: database, clock: clock),
            conversations: PostgresConversationStore(database: database, clock: clock),
            usage: PostgresUsageStore(database: database, clock: clock), profiles: PostgresProfileStore(database: database, clock: clock),
            jobs: PostgresJobStore(database: database, clock: clock),
            applications: PostgresApplicationStore(database: database, clock: clock),
            sourceRuns: PostgresSourceRunStore(database: database), resumes: PostgresResumeStore(database: database, clock: clock),
            letters: PostgresCoverLetterStore(database: database, clock: clock),
            interviews: PostgresInterviewStore(database: database, clock: clock), auth: PostgresAuthStateStore(database: database),
            isReachable: { await database.isReachable() })
    }
}
