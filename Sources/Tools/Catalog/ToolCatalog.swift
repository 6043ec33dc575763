import Assistant
import Foundation
import Storage

/// What the job tools need: the index and the reference data they normalise against.
public struct JobServices: Sendable {
    public var jobs: any JobStore
    public var applications: any ApplicationStore
    public var taxonomy: SkillTaxonomy
    public var countries: CountryNames
    public var sourceRuns: (any SourceRunStore)?
    public var liveRefresh: (@Sendable (SourceQuery) -> Void)?
    /// O*NET + BLS, loaded on first use.
    public var occupations: OccupationCatalogLoader?
    public var resumes: (any ResumeStore)?
    public var letters: (any CoverLetterStore)?
    public var interviews: (any InterviewStore)?
    /// What tools may do with files on this surface, and where exports go.
    public var fileAccess: FileAccess?
    public var questionBank: QuestionBank?
    public var synonyms = SearchSynonyms(groups: [])

    public init(
        jobs: any JobStore, applications: any ApplicationStore, taxonomy: SkillTaxonomy, countries: CountryNames,
        sourceRuns: (any SourceRunStore)? = nil, liveRefresh: (@Sendable (SourceQuery) -> Void)? = nil
    ) {
        self.jobs = jobs
        self.applications = applications
        self.taxonomy = taxonomy
        self.countries = countries
        self.sourceRuns = sourceRuns
        self.liveRefresh = liveRefresh
    }

    public static func load(jobs: any JobStore, applications: any ApplicationStore, dataDirectory: URL) throws -> JobServices {
        var services = JobServices(
            jobs: jobs, applications: applications, taxonomy: try SkillTaxonomy.load(dataDirectory: dataDirectory),
            countries: CountryNames.load(dataDirectory: dataDirectory))
        services.occupations = OccupationCatalogLoader(dataDirectory: dataDirectory)
        services.synonyms = SearchSynonyms.load(dataDirectory: dataDirectory)
        return services
    }
}

/// Builds the registry of every tool JobHunter offers, wired to the given stores. Tools whose issue has
/// not landed are registered with their final schema and answer "not available yet".
public enum ToolCatalog {
    public static func standard(profiles: any ProfileStore, jobs: JobServices? = nil) -> ToolRegistry {
        var registry = ToolRegistry()
        for tool in PlannedTools.all { registry.register(tool) }
        registry.register(GetProfileTool(profiles: profiles))
        registry.register(UpdateProfileTool(profiles: profiles))
        if let jobs {
            registry.register(SearchJobsTool(
                jobs: jobs.jobs, countries: jobs.countries, sourceRuns: jobs.sourceRuns, liveRefresh: jobs.liveRefresh,
                synonyms: jobs.synonyms, occupations: jobs.occupations))
            registry.register(JobDetailsTool(jobs: jobs.jobs))
            registry.register(TrackApplicationTool(applications: jobs.applications, jobs: jobs.jobs))
            registry.register(ListApplicationsTool(applications: jobs.applications))
            if let resumes = jobs.resumes {
                registry.register(AnalyzeResumeTool(
                    resumes: resumes, jobs: jobs.jobs, taxonomy: jobs.taxonomy, readsNamedPaths: jobs.fileAccess?.readsNamedPaths ?? false))
                registry.register(OptimizeResumeTool(
                    resumes: resumes, jobs: jobs.jobs, taxonomy: jobs.taxonomy, exports: jobs.fileAccess?.exports))
            }
            if let resumes = jobs.resumes, let letters = jobs.letters {
                registry.register(WriteCoverLetterTool(
                    jobs: jobs.jobs, profiles: profiles, resumes: resumes, letters: letters, taxonomy: jobs.taxonomy))
            }
            if let interviews = jobs.interviews, let bank = jobs.questionBank {
                let coach = InterviewCoach(
                    store: interviews, bank: bank, taxonomy: jobs.taxonomy, resumes: jobs.resumes, jobs: jobs.jobs,
                    occupations: jobs.occupations, profiles: profiles)
                registry.register(StartMockInterviewTool(coach: coach))
                registry.register(AnswerInterviewTool(coach: coach))
                registry.register(EndInterviewTool(coach: coach))
                registry.register(InterviewHistoryTool(store: coach.store))
                registry.register(InterviewPrepTool(coach: coach))
            }
            if let occupations = jobs.occupations {
                registry.register(MarketInsightsTool(
                    catalog: occupations, jobs: jobs.jobs, countries: jobs.countries, taxonomy: jobs.taxonomy))
                registry.register(CareerAdviceTool(catalog: occupations, jobs: jobs.jobs, profiles: profiles, taxonomy: jobs.taxonomy))
            }
            registry.register(RecommendJobsTool(
                jobs: jobs.jobs, profiles: profiles, matcher: JobMatcher(taxonomy: jobs.taxonomy), resumes: jobs.resumes,
                occupations: jobs.occupations, places: jobs.countries))
        }
        return registry
    }
}
