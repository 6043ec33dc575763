import Assistant
import Foundation
import Logging
import SQLiteStorage
import Storage
import Testing
import Tools

/// The repository's data/ folder and a fresh database per test.
enum JobsFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let data = root.appendingPathComponent("data")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// Loaded once on a thread of its own, so waiting tests do not hold the cooperative pool (see BlockingWork).
    private static let loadingTaxonomy = Task { await BlockingWork.run { try? SkillTaxonomy.load(dataDirectory: data) } }
    static func taxonomy() async -> SkillTaxonomy? { await loadingTaxonomy.value }
    static let now = Date(timeIntervalSince1970: 1_764_000_000)
    private static let loadingReference = Task { await BlockingWork.run { try? ReferenceData.load(dataDirectory: data) } }

    /// Every store on `database` and the repository's reference data, as the composition root wires them for a
    /// surface with `fileAccess` (the server's by default: no named paths).
    static func services(_ database: AppDatabase, fileAccess: FileAccess? = nil) async throws -> JobServices {
        let reference = try #require(await loadingReference.value, "data/ must load")
        let exports =
            fileAccess
            ?? .server(exports: URL(fileURLWithPath: database.path).deletingLastPathComponent().appendingPathComponent("exports"))
        return JobServices(stores: .sqlite(database, clock: .fixed(now)), reference: reference, fileAccess: exports)
    }

    static func database() throws -> (AppDatabase, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jh-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try AppDatabase(path: folder.appendingPathComponent("t.sqlite").path), folder)
    }

    static func context(userID: Int64, state: ConversationState = ConversationState()) -> ToolContext {
        ToolContext(userID: userID, state: state, clock: .fixed(now), logger: Logger(label: "test"))
    }

    static func posting(
        _ title: String, company: String = "Acme", location: String = "Berlin", skills: [String] = [],
        arrangement: JobPosting.WorkArrangement = .onsite, salary: Double? = nil, daysAgo: Double = 1,
        description: String = ""
    ) -> JobPosting {
        JobPosting(
            source: "test", title: title, company: company, location: location, country: location == "Berlin" ? "DE" : nil,
            arrangement: arrangement, seniority: JobNormalizer.seniority(fromTitle: title), salaryMin: salary,
            salaryMax: salary.map { $0 * 1.2 }, salaryCurrency: salary == nil ? nil : "EUR", salaryPeriod: salary == nil ? nil : .year,
            postedAt: now.addingTimeInterval(-daysAgo * 86_400), description: description, skills: skills)
    }
}
