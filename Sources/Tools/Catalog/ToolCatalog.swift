import Assistant
import Foundation
import Storage

/// Everything the tools are built from: the stores, the reference data, and what tools may do with files on
/// this surface (the terminal reads paths the person names; the server only uploads and per-user downloads).
/// Built once per process by the composition root (`jobhunter`'s `LiveServices`).
package struct JobServices: Sendable {
    package var profiles: any ProfileStore
    package var jobs: any JobStore
    package var applications: any ApplicationStore
    package var sourceRuns: any SourceRunStore
    package var resumes: any ResumeStore
    package var letters: any CoverLetterStore
    package var interviews: any InterviewStore
    package var reference: ReferenceData
    package var fileAccess: FileAccess
    /// Asks the job boards for fresh postings in the background when someone searches (`--live-jobs`).
    package var liveRefresh: (@Sendable (SourceQuery) -> Void)?

    package init(stores: Stores, reference: ReferenceData, fileAccess: FileAccess, liveRefresh: (@Sendable (SourceQuery) -> Void)? = nil) {
        profiles = stores.profiles
        jobs = stores.jobs
        applications = stores.applications
        sourceRuns = stores.sourceRuns
        resumes = stores.resumes
        letters = stores.letters
        interviews = stores.interviews
        self.reference = reference
        self.fileAccess = fileAccess
        self.liveRefresh = liveRefresh
    }

    package var taxonomy: SkillTaxonomy { reference.taxonomy }
    package var countries: CountryNames { reference.countries }
}

/// The registry of every tool JobHunter offers, each wired to its services. Every tool is always registered:
/// what a surface may do differs by `FileAccess`, never by which tools exist.
package enum ToolCatalog {
    package static func standard(_ services: JobServices) -> ToolRegistry {
        let (profiles, jobs, reference) = (services.profiles, services.jobs, services.reference)
        var registry = ToolRegistry()
        registry.register(GetProfileTool(profiles: profiles))
        registry.register(UpdateProfileTool(profiles: profiles))
        registry.register(
            SearchJobsTool(
                jobs: jobs, countries: reference.countries, profiles: profiles, sourceRuns: services.sourceRuns,
                liveRefresh: services.liveRefresh,
                synonyms: reference.synonyms, occupations: reference.occupations))
        registry.register(JobDetailsTool(jobs: jobs))
        registry.register(TrackApplicationTool(applications: services.applications, jobs: jobs))
        registry.register(ListApplicationsTool(applications: services.applications))
        registry.register(
            AnalyzeResumeTool(
                resumes: services.resumes, jobs: jobs, taxonomy: reference.taxonomy, readsNamedPaths: services.fileAccess.readsNamedPaths,
                addResume: services.fileAccess.addResume))
        registry.register(
            OptimizeResumeTool(
                resumes: services.resumes, jobs: jobs, taxonomy: reference.taxonomy, exports: services.fileAccess.exports,
                addResume: services.fileAccess.addResume))
        registry.register(
            WriteCoverLetterTool(
                jobs: jobs, profiles: profiles, resumes: services.resumes, letters: services.letters, taxonomy: reference.taxonomy,
                addResume: services.fileAccess.addResume))
        let coach = InterviewCoach(
            store: services.interviews, bank: reference.questionBank, taxonomy: reference.taxonomy, resumes: services.resumes, jobs: jobs,
            occupations: reference.occupations, profiles: profiles)
        registry.register(StartMockInterviewTool(coach: coach))
        registry.register(AnswerInterviewTool(coach: coach))
        registry.register(EndInterviewTool(coach: coach))
        registry.register(InterviewHistoryTool(store: coach.store))
        registry.register(InterviewPrepTool(coach: coach, addResume: services.fileAccess.addResume))
        registry.register(
            MarketInsightsTool(catalog: reference.occupations, jobs: jobs, countries: reference.countries, taxonomy: reference.taxonomy))
        registry.register(CareerAdviceTool(catalog: reference.occupations, jobs: jobs, profiles: profiles, taxonomy: reference.taxonomy))
        registry.register(
            RecommendJobsTool(
                jobs: jobs, profiles: profiles, matcher: JobMatcher(taxonomy: reference.taxonomy), resumes: services.resumes,
                occupations: reference.occupations, places: reference.countries))
        return registry
    }
}
