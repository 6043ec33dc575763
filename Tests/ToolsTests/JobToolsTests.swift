import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

@Suite("Job search, details, recommendations and applications")
struct JobToolsTests {
    struct Setup {
        let registry: ToolRegistry
        let jobs: SQLiteJobStore
        let profiles: SQLiteProfileStore
        let userID: Int64
        let folder: URL
    }

    func setup(_ postings: [JobPosting]) async throws -> Setup {
        let (database, folder) = try JobsFixtures.database()
        let jobs = SQLiteJobStore(database: database, clock: .fixed(JobsFixtures.now))
        _ = try await jobs.upsert(postings)
        let profiles = SQLiteProfileStore(database: database)
        let services = try await JobsFixtures.services(database)
        let user = try await SQLiteUserStore(database: database).user(named: "t")
        return Setup(registry: ToolCatalog.standard(services), jobs: jobs, profiles: profiles, userID: user.id, folder: folder)
    }

    func call(_ setup: Setup, _ name: String, _ arguments: String, state: ConversationState = ConversationState()) async -> (
        ToolOutput, Bool
    ) {
        let result = await setup.registry.run(
            ToolCall(id: "1", name: name, arguments: arguments), context: JobsFixtures.context(userID: setup.userID, state: state))
        return (result.output, result.failed)
    }

    static let corpus = [
        JobsFixtures.posting("Senior iOS Engineer", company: "Lumen", skills: ["Swift", "Kubernetes"], salary: 120_000),
        JobsFixtures.posting(
            "iOS Developer", company: "Harbor", location: "Remote", skills: ["Swift", "Objective-C"], arrangement: .remote),
        JobsFixtures.posting("Data Engineer", company: "Cobalt", location: "Austin", skills: ["Python", "SQL"], salary: 95_000),
    ]

    @Test("search numbers its results, makes them referable, and maps a country name to its code")
    func search() async throws {
        let setup = try await setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }

        let (output, failed) = await call(setup, "search_jobs", #"{"query":"ios","location":"Germany"}"#)

        #expect(!failed)
        #expect(output.content["count"] == 1)
        #expect(output.content["results"]?.arrayValue?.first?["company"] == "Lumen")
        #expect(output.references?.map(\.title) == ["Senior iOS Engineer — Lumen"])
        // 10,000 a month is 120,000 a year: the 120–144k posting qualifies, the 95–114k one does not.
        let monthly = await call(setup, "search_jobs", #"{"query":"engineer","salary_min":10000,"salary_period":"month"}"#).0
        #expect(monthly.content["results"]?.arrayValue?.map { $0["company"] } == ["Lumen"])
        let remote = await call(setup, "search_jobs", #"{"query":"ios","remote":true}"#).0
        #expect(remote.content["results"]?.arrayValue?.map { $0["company"] } == ["Harbor"])
    }

    @Test("an empty index answers with how to fill it; bad arguments are refused")
    func emptyAndBad() async throws {
        let setup = try await setup([])
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        #expect(await call(setup, "search_jobs", "{}").0.content["empty_index"] == true)
        #expect(await call(setup, "search_jobs", #"{"salary_min":-1}"#).1)
        #expect(await call(setup, "search_jobs", #"{"remote":"yes please"}"#).1)
    }

    @Test("job_details resolves \"the second one\" against the last results; out-of-range numbers are refused")
    func details() async throws {
        let setup = try await setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let searched = await call(setup, "search_jobs", #"{"query":"ios"}"#).0
        let state = ConversationState(lastResults: try #require(searched.references))

        let (output, failed) = await call(setup, "job_details", #"{"job_ref":2}"#, state: state)
        #expect(!failed)
        #expect(output.content["title"] == .string(state.lastResults[1].title.components(separatedBy: " — ")[0]))
        #expect(output.focus == 1)
        #expect(await call(setup, "job_details", #"{"job_ref":9}"#, state: state).1)
        #expect(await call(setup, "job_details", #"{"job_ref":1}"#).1, "no results to refer to yet")
    }

    @Test("recommendations rank by the profile and explain matched and missing skills")
    func recommend() async throws {
        let setup = try await setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        #expect(await call(setup, "recommend_jobs", "{}").0.content["needs_profile"] == true)
        try await setup.profiles.save(
            UserProfile(targetRoles: ["iOS Engineer"], skills: ["swift", "k8s"], yearsExperience: 7), userID: setup.userID)

        let output = await call(setup, "recommend_jobs", "{}").0
        let first = try #require(output.content["results"]?.arrayValue?.first)

        #expect(first["company"] == "Lumen")
        #expect(first["why"]?.stringValue?.contains("has 2/2 skills") == true)
        let second = try #require(output.content["results"]?.arrayValue?.dropFirst().first)
        #expect(second["why"]?.stringValue?.contains("missing Objective-C") == true)
    }

    @Test("tracking moves an application through statuses with history; the list shows the funnel")
    func applications() async throws {
        let setup = try await setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let searched = await call(setup, "search_jobs", #"{"query":"engineer"}"#).0
        let state = ConversationState(lastResults: try #require(searched.references))

        let saved = await call(setup, "track_application", #"{"job_ref":1}"#, state: state).0
        _ = await call(setup, "track_application", #"{"job_ref":1,"status":"applied"}"#, state: state)
        _ = await call(setup, "track_application", #"{"company":"Globex","role":"Analyst","status":"interviewing","note":"call Friday"}"#)
        let listed = await call(setup, "list_applications", "{}").0

        #expect(saved.content["created"] == true)
        #expect(saved.content["status"] == "saved")
        #expect(listed.content["count"] == 2)
        #expect(
            listed.content["funnel"]
                == "saved 2 → applied 2 (100%) → interviewing 1 (50%) → offer 0 (0%). Average time in stage: saved 0.0 days")
        #expect(await call(setup, "track_application", #"{"status":"hired","company":"X"}"#).1)
        #expect(await call(setup, "track_application", "{}").1)
        #expect(await call(setup, "list_applications", #"{"status":"interviewing"}"#).0.content["count"] == 1)
    }
}

@Suite("Application funnel")
struct ApplicationFunnelTests {
    func application(_ events: [(Application.Status, Double)]) -> Application {
        let start = Date(timeIntervalSince1970: 0)
        let history = events.map { Application.Event(status: $0.0, note: nil, at: start.addingTimeInterval($0.1 * 86_400)) }
        return Application(
            id: 1, jobID: nil, company: "C", title: "T", status: events.last?.0 ?? .saved, note: nil, url: nil,
            createdAt: start, updatedAt: start, followUpAt: nil, events: history)
    }

    @Test("stages count what was reached (skipped stages implied), conversion rates and average days in stage")
    func funnel() {
        let funnel = ApplicationFunnel([
            application([(.saved, 0), (.applied, 2), (.interviewing, 10)]),
            application([(.applied, 0), (.rejected, 4)]),
            application([(.saved, 0)]),
        ])
        #expect(funnel.stages.map(\.reached) == [3, 2, 1, 0])
        #expect(funnel.stages.map(\.conversion) == [nil, 67, 50, 0])
        #expect(funnel.stages[0].averageDays == 2)
        #expect(funnel.stages[1].averageDays == 6)
        #expect(
            funnel.summary
                == "saved 3 → applied 2 (67%) → interviewing 1 (50%) → offer 0 (0%); 1 rejected, 0 withdrawn. Average time in stage: saved 2.0 days, applied 6.0 days"
        )
    }
}

@Suite("Recommendations from the resume")
struct ResumeRecommendationTests {
    @Test("skills on the latest resume count for recommendations even when the profile lists none")
    func resumeSkills() async throws {
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let jobs = SQLiteJobStore(database: database)
        _ = try await jobs.upsert(JobToolsTests.corpus)
        let user = try await SQLiteUserStore(database: database).user(named: "r")
        let resumes = SQLiteResumeStore(database: database)
        _ = try await resumes.save(
            userID: user.id, filename: "cv.md", text: "- Built iOS apps in Swift on Kubernetes backends for five years")
        let services = try await JobsFixtures.services(database)
        let registry = ToolCatalog.standard(services)

        let output = await registry.run(
            ToolCall(id: "1", name: "recommend_jobs", arguments: "{}"), context: JobsFixtures.context(userID: user.id)
        ).output

        let first = try #require(output.content["results"]?.arrayValue?.first)
        #expect(first["company"] == "Lumen")
        #expect(first["why"]?.stringValue?.contains("has 2/2 skills") == true)
    }
}
