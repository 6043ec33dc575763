import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

/// Recommendations by occupation first: the defects a new user saw (nurse postings for an accountant, a GIS
/// technician for an iOS developer, "Financial Analyst" for a nurse) each have a case here.
@Suite("Occupation-aware recommendations")
struct RecommendationTests {
    private static let loadingCatalog = Task { await BlockingWork.run { try? OccupationCatalog.load(dataDirectory: JobsFixtures.data) } }

    struct Setup {
        let registry: ToolRegistry
        let profiles: SQLiteProfileStore
        let resumes: SQLiteResumeStore
        let userID: Int64
        let folder: URL
    }

    static func setup(_ postings: [JobPosting]) async throws -> Setup {
        let catalog = try #require(await loadingCatalog.value)
        let taxonomy = try #require(await JobsFixtures.taxonomy())
        let normalizer = JobNormalizer(taxonomy: taxonomy, occupations: catalog)
        let (database, folder) = try JobsFixtures.database()
        let jobs = SQLiteJobStore(database: database, clock: .fixed(JobsFixtures.now))
        _ = try await jobs.upsert(postings.map(normalizer.normalize))
        let services = try await JobsFixtures.services(database)
        let resumes = SQLiteResumeStore(database: database)
        let profiles = SQLiteProfileStore(database: database)
        let user = try await SQLiteUserStore(database: database).user(named: "r")
        return Setup(
            registry: ToolCatalog.standard(services), profiles: profiles, resumes: resumes,
            userID: user.id, folder: folder)
    }

    static func recommend(_ setup: Setup, _ arguments: String = "{}") async -> JSONValue {
        await setup.registry.run(
            ToolCall(id: "1", name: "recommend_jobs", arguments: arguments), context: JobsFixtures.context(userID: setup.userID)
        )
        .output.content
    }

    static func titles(_ content: JSONValue) -> [String] {
        content["results"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
    }

    static func posting(_ title: String, _ location: String, _ skills: [String], daysAgo: Double = 1, salary: Double? = nil) -> JobPosting {
        var posting = JobsFixtures.posting(
            title, company: "Co \(title.count)", location: location, skills: skills, salary: salary, daysAgo: daysAgo)
        posting.country = "US"
        posting.salaryCurrency = salary == nil ? nil : "USD"
        return posting
    }

    static let corpus = [
        posting("Staff Accountant", "Chicago, IL", ["Intuit QuickBooks", "Microsoft Excel", "SAP software"]),
        posting("Tax Accountant", "Remote (US)", ["Microsoft Excel", "Intuit QuickBooks"], daysAgo: 3),
        posting("ICU Registered Nurse", "Chicago, IL", ["Microsoft Excel", "Epic Systems"]),
        posting("Registered Nurse - Emergency Department (Nights)", "Houston, TX", ["Epic Systems"]),
        posting("Financial Analyst", "Chicago, IL", ["Microsoft Excel", "SAP software", "Intuit QuickBooks"]),
        posting("CDL-A Truck Driver", "Dallas, TX", ["Forklifts"]),
        posting("Electrician", "Houston, TX", []),
        posting("Journeyman Electrician", "Baltimore, MD", []),
        posting("Payments Product Manager", "Chicago, IL", ["Microsoft Excel", "Structured query language SQL"]),
        posting("Lead GIS Technician", "Denver, CO", ["Esri ArcGIS", "Python", "Microsoft Excel"]),
        posting("iOS Developer", "Remote (US)", ["Swift", "Objective-C"]),
    ]

    @Test("an accountant with a CPA gets accounting postings, not nurse or product postings that also list Excel")
    func accountant() async throws {
        let setup = try await Self.setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try await setup.profiles.save(
            UserProfile(headline: "Accountant", skills: ["QuickBooks", "Excel"], certifications: ["CPA"]), userID: setup.userID)

        let content = await Self.recommend(setup)
        let titles = Self.titles(content)

        #expect(Array(titles.prefix(2)).sorted() == ["Staff Accountant", "Tax Accountant"])
        #expect(!titles.prefix(3).contains("ICU Registered Nurse"))
        #expect(content["results"]?.arrayValue?.first?["why"]?.stringValue?.contains("same occupation (Accountants and Auditors)") == true)
        #expect(content["matched_as"] == "Accountants and Auditors")
        // "QuickBooks" in the profile is O*NET's "Intuit QuickBooks" in the postings (seen in a trial as a "missing" skill).
        let reasons = content["results"]?.arrayValue?.compactMap { $0["why"]?.stringValue } ?? []
        #expect(!reasons.contains { $0.contains("missing Intuit QuickBooks") })
        #expect(reasons.first?.contains("Intuit QuickBooks") == true)
    }

    @Test("a nurse known only from a resume gets nursing postings, not Financial Analyst")
    func nurseFromResume() async throws {
        let setup = try await Self.setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        _ = try await setup.resumes.save(
            userID: setup.userID, filename: "cv.md",
            text: """
                Maria Lopez
                Experience
                Registered Nurse, Northwestern Memorial Hospital
                2019 - present
                - Cared for 5 ICU patients per shift, charting in Epic
                """)

        let titles = Self.titles(await Self.recommend(setup))

        #expect(titles.first?.contains("Nurse") == true)
        #expect(Set(titles.prefix(2)) == ["ICU Registered Nurse", "Registered Nurse - Emergency Department (Nights)"])
    }

    @Test("a licence that makes the occupation is enough: a CDL finds truck driving")
    func licenceOnly() async throws {
        let setup = try await Self.setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try await setup.profiles.save(UserProfile(certifications: ["CDL"]), userID: setup.userID)

        let content = await Self.recommend(setup)

        #expect(Self.titles(content).first == "CDL-A Truck Driver")
        #expect(content["matched_as"] == "Heavy and Tractor-Trailer Truck Drivers")
    }

    @Test("a state in the profile matches postings written with its abbreviation, and the gap names the place")
    func stateMatchesAbbreviation() async throws {
        let setup = try await Self.setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try await setup.profiles.save(UserProfile(headline: "Electrician", locations: ["Texas"]), userID: setup.userID)

        let results = try #require(await Self.recommend(setup)["results"]?.arrayValue)

        #expect(results.map { $0["title"]?.stringValue ?? "" }.prefix(2) == ["Electrician", "Journeyman Electrician"])
        #expect(results.first?["why"]?.stringValue?.contains("in Texas") == true)
        #expect(results.dropFirst().first?["why"]?.stringValue?.contains("not in Texas") == true)
    }

    @Test("equal matches are ordered by the next signal: the newer posting first, never by chance")
    func tiesBreakByRecency() async throws {
        let setup = try await Self.setup([
            Self.posting("iOS Developer", "Remote (US)", ["Swift"], daysAgo: 20),
            Self.posting("iOS Engineer", "Remote (US)", ["Swift"], daysAgo: 2),
            Self.posting("Mobile iOS Developer", "Remote (US)", ["Swift"], daysAgo: 9),
        ])
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try await setup.profiles.save(UserProfile(targetRoles: ["iOS Developer"], skills: ["Swift"]), userID: setup.userID)

        let results = try #require(await Self.recommend(setup)["results"]?.arrayValue)
        let scores = results.compactMap { $0["score"]?.numberValue }

        #expect(results.count == 3)
        #expect(scores == scores.sorted(by: >))
        #expect(results.first?["title"] == "iOS Developer", "the exact title wins within the occupation")
    }

    @Test("with nothing but a salary known, it asks for a role or a resume instead of guessing")
    func salaryOnly() async throws {
        let setup = try await Self.setup(Self.corpus)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try await setup.profiles.save(UserProfile(salaryFloor: 80_000), userID: setup.userID)

        let content = await Self.recommend(setup)

        #expect(content["needs_profile"] == true)
        #expect(content["hint"]?.stringValue?.contains("resume") == true)
    }

    @Test("postings indexed without an occupation get one from jobs reclassify; titles that name none are counted")
    func backfill() async throws {
        let catalog = try #require(await Self.loadingCatalog.value)
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let jobs = SQLiteJobStore(database: database)
        _ = try await jobs.upsert([
            Self.posting("ICU Registered Nurse", "Chicago, IL", []), Self.posting("CDL-A Truck Driver", "Dallas, TX", []),
            Self.posting("Zzyzx Qwerty", "Austin, TX", []),
        ])

        let result = try await OccupationBackfill(jobs: jobs, catalog: catalog).run(batchSize: 2)

        #expect(result.examined == 3 && result.mapped == 2)
        #expect(try await jobs.postingsWithoutOccupation(after: 0, limit: 10).map(\.title) == ["Zzyzx Qwerty"])
    }

    @Test("posting titles with departments, shifts and levels map to their occupation")
    func postingTitles() async throws {
        let catalog = try #require(await Self.loadingCatalog.value)
        #expect(catalog.mapPostingTitle("Registered Nurse - Emergency Department (Nights)")?.occupation.code == "29-1141.00")
        #expect(catalog.mapPostingTitle("Senior Staff Accountant | Hybrid")?.occupation.code == "13-2011.00")
        #expect(catalog.mapPostingTitle("CDL-A Truck Driver")?.occupation.code == "53-3032.00")
        #expect(catalog.mapPostingTitle("zzzz qqqq") == nil)
        #expect(catalog.mapPostingTitle("Senior iOS Engineer")?.occupation.code == "15-1252.00", "engineer means developer in software")
        #expect(catalog.mapPostingTitle("Civil Engineer")?.occupation.code == "17-2051.00")
        #expect(catalog.occupation(forCredential: "cpa")?.code == "13-2011.00")
        #expect(catalog.occupation(forCredential: "ACLS") == nil, "a course does not make an occupation")
    }
}
