import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing

@Suite("SQLite job index")
struct JobStoreTests {
    let now = Date(timeIntervalSince1970: 1_764_000_000)

    func store() throws -> (SQLiteJobStore, TemporaryFolder) {
        let folder = try TemporaryFolder()
        return (SQLiteJobStore(database: try AppDatabase(path: folder.databasePath), clock: .fixed(now)), folder)
    }

    func posting(
        _ title: String, company: String = "Acme", location: String = "Berlin", source: String = "a",
        arrangement: JobPosting.WorkArrangement = .onsite, salary: Double? = nil, daysAgo: Double = 1,
        description: String = "", skills: [String] = []
    ) -> JobPosting {
        JobPosting(
            source: source, title: title, company: company, location: location, country: location == "Berlin" ? "DE" : "US",
            arrangement: arrangement, salaryMin: salary, salaryMax: salary, salaryPeriod: salary == nil ? nil : .year,
            postedAt: now.addingTimeInterval(-daysAgo * 86_400), description: description, skills: skills)
    }

    @Test("the same company, title and place from two sources is one posting, keeping the richer description")
    func dedup() async throws {
        let (jobs, folder) = try store()
        _ = folder
        let first = try await jobs.upsert([posting("iOS Engineer", source: "indeed", description: "short")])
        let second = try await jobs.upsert([posting("iOS  engineer", source: "linkedin", description: "a much longer description")])

        #expect(first == IndexWriteReport(inserted: 1, updated: 0))
        #expect(second == IndexWriteReport(inserted: 0, updated: 1))
        #expect(try await jobs.count() == 1)
        let hit = try #require(try await jobs.search(JobQuery(text: "ios")).first)
        #expect(hit.posting.description == "a much longer description")
    }

    @Test("text search ranks title matches first; filters narrow by place, arrangement, salary, age and company")
    func searchAndFilters() async throws {
        let (jobs, folder) = try store()
        _ = folder
        _ = try await jobs.upsert([
            posting("Data Engineer", company: "Cobalt", salary: 90_000, description: "pipelines"),
            posting("Barge Engineer", company: "Harbor", description: "logs data daily"),
            posting("Data Engineer", company: "Remote Co", location: "Remote", arrangement: .remote, salary: 150_000),
            posting("Data Engineer", company: "Old Corp", location: "Austin", daysAgo: 90),
        ])

        let ranked = try await jobs.search(JobQuery(text: "data engineer"))
        #expect(ranked.last?.posting.company == "Harbor")
        #expect(
            try await jobs.search(JobQuery(text: "data engineer", location: "DE")).map(\.posting.company).sorted() == ["Cobalt", "Harbor"])
        #expect(try await jobs.search(JobQuery(text: "engineer", arrangements: [.remote])).map(\.posting.company) == ["Remote Co"])
        #expect(
            try await jobs.search(JobQuery(text: "engineer", salaryMin: 100_000, requireSalary: true)).map(\.posting.company) == [
                "Remote Co"
            ])
        #expect(try await jobs.search(JobQuery(text: "engineer", postedAfter: now.addingTimeInterval(-30 * 86_400))).count == 3)
        #expect(try await jobs.search(JobQuery(text: "engineer", excludedCompanies: ["harbor", "old"])).count == 2)
        #expect(try await jobs.search(JobQuery(companies: ["cobalt"])).map(\.posting.title) == ["Data Engineer"])
        #expect(try await jobs.search(JobQuery(text: "enginer")).count == 4, "a typo still finds postings through stems")
    }

    @Test(
        "hostile search text is plain words, never FTS syntax or SQL",
        arguments: [
            "\"unbalanced", "NEAR(data engineer)", "data*", "(((", "title:engineer", "') OR 1=1 --", "^engineer", "AND OR NOT", "%_\\",
        ])
    func hostileQueries(text: String) async throws {
        let (jobs, folder) = try store()
        _ = folder
        _ = try await jobs.upsert([posting("Data Engineer", description: "near and or not")])
        _ = try await jobs.search(JobQuery(text: text, location: "%_"))
    }

    @Test("a bulk load rebuilds the text index once and keeps triggers for later writes")
    func bulkLoad() async throws {
        let (jobs, folder) = try store()
        _ = folder
        let report = try await jobs.bulkLoad { insert in
            try insert((0..<500).map { self.posting("Rust Developer \($0)", company: "Co\($0)") })
            try insert([self.posting("Rust Developer 1", company: "Co1")])
        }
        _ = try await jobs.upsert([posting("Swift Developer", company: "Later")])

        #expect(report.inserted == 500)
        #expect(try await jobs.count() == 501)
        #expect(try await jobs.search(JobQuery(text: "rust", limit: 600)).count == 500)
        #expect(try await jobs.search(JobQuery(text: "swift")).count == 1)
    }

    @Test("a place with no words to search gives the same newest postings whether it is small or large")
    func placePlans() async throws {
        var (jobs, folder) = try store()
        _ = folder
        _ = try await jobs.upsert(
            (0..<12).map { index in
                posting("Clerk \(index)", location: index % 3 == 0 ? "Boise, ID, US" : "Austin, TX, US", daysAgo: Double(index))
            })
        let query = JobQuery(location: "Boise", limit: 3)
        let small = try await jobs.search(query).map(\.posting.title)
        jobs.smallPlace = 1
        let large = try await jobs.search(query).map(\.posting.title)
        #expect(small == ["Clerk 0", "Clerk 3", "Clerk 6"], "newest first")
        #expect(large == small)
    }

    @Test("postings paid by the hour compare with yearly minimums")
    func hourlyPay() async throws {
        let (jobs, folder) = try store()
        _ = folder
        var hourly = posting("Nurse")
        hourly.salaryMin = 60
        hourly.salaryMax = 60
        hourly.salaryPeriod = .hour
        _ = try await jobs.upsert([hourly])
        #expect(try await jobs.search(JobQuery(salaryMin: 120_000, requireSalary: true)).count == 1)
        #expect(try await jobs.search(JobQuery(salaryMin: 130_000, requireSalary: true)).isEmpty)
    }
}
