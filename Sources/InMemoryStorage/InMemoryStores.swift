import Assistant
import AssistantTesting
import Storage

extension Stores {
    /// Every store in this process's memory: for tests that need stores but no database. It keeps the same
    /// contracts as SQLite and PostgreSQL (`StoreContractTests` runs over all three); nothing survives the process.
    package static func inMemory(clock: WallClock = .system) -> Stores {
        Stores(
            backend: "memory", location: "memory", users: InMemoryUserStore(clock: clock), conversations: InMemoryConversationStore(),
            usage: InMemoryUsageStore(clock: clock), profiles: InMemoryProfileStore(), jobs: InMemoryJobStore(clock: clock),
            applications: InMemoryApplicationStore(clock: clock), sourceRuns: InMemorySourceRunStore(),
            resumes: InMemoryResumeStore(clock: clock), letters: InMemoryCoverLetterStore(clock: clock),
            interviews: InMemoryInterviewStore(clock: clock), auth: InMemoryAuthState(), isReachable: { true })
    }
}
