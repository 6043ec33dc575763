import Assistant
import Foundation

/// Every store the engine, the tools and the server use, behind protocols, for one database backend.
/// `jobhunter` picks SQLite (the embedded default) or PostgreSQL (several `serve` instances) and hands this on.
package struct Stores: Sendable {
    /// "sqlite" or "postgresql", as /health reports it.
    package var backend: String
    /// The file path or the database URL without its password: safe to show and log.
    package var location: String
    package var users: any UserStore
    package var conversations: any ConversationStore
    package var usage: any UsageStore
    package var profiles: any ProfileStore
    package var jobs: any JobStore
    package var applications: any ApplicationStore
    package var sourceRuns: any SourceRunStore
    package var resumes: any ResumeStore
    package var letters: any CoverLetterStore
    package var interviews: any InterviewStore
    package var auth: any AuthStateStore
    /// Answers quickly whether the database can serve queries right now.
    package var isReachable: @Sendable () async -> Bool

    package init(
        backend: String, location: String, users: any UserStore, conversations: any ConversationStore, usage: any UsageStore,
        profiles: any ProfileStore, jobs: any JobStore, applications: any ApplicationStore, sourceRuns: any SourceRunStore,
        resumes: any ResumeStore, letters: any CoverLetterStore, interviews: any InterviewStore, auth: any AuthStateStore,
        isReachable: @escaping @Sendable () async -> Bool
    ) {
        self.backend = backend
        self.location = location
        self.users = users
        self.conversations = conversations
        self.usage = usage
        self.profiles = profiles
        self.jobs = jobs
        self.applications = applications
        self.sourceRuns = sourceRuns
        self.resumes = resumes
        self.letters = letters
        self.interviews = interviews
        self.auth = auth
        self.isReachable = isReachable
    }
}
