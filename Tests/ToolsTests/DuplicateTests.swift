import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

/// One posting per job: the same job from two boards, spelled two ways, is stored once and says where else it was seen.
@Suite("Duplicates across boards")
struct DuplicateTests {
    static let places = PlaceNormalizer(countries: CountryNames.load(dataDirectory: JobsFixtures.data))

    @Test(
        "places are written one way: City, REGION, CC",
        arguments: [
            ("Boston, MA", nil, "Boston, MA, US"),
            ("Boston, MA, US", nil, "Boston, MA, US"),
            ("Boston, Massachusetts, United States", nil, "Boston, MA, US"),
            ("San Francisco, CA", nil, "San Francisco, CA, US"),
            ("Toronto, Ontario", "CA", "Toronto, ON, CA"),
            ("Berlin, BE, DE", nil, "Berlin, BE, DE"),
            ("London, UK", nil, "London, GB"),
            ("Berlin", "DE", "Berlin"),
            ("Remote (US)", "US", "Remote (US)"),
            ("Austin, TX", nil, "Austin, TX, US"),
        ] as [(String, String?, String)])
    func placeSpellings(_ written: String, _ country: String?, _ expected: String) {
        #expect(Self.places.normalize(written, country: country).location == expected)
    }

    @Test("company legal suffixes, seniority abbreviations and punctuation do not make a new job")
    func keys() {
        func key(_ title: String, _ company: String) -> String {
            JobPosting(source: "t", title: title, company: company, location: "Boston, MA, US").dedupKey
        }
        #expect(key("Sr. iOS Engineer", "Lumen Health, Inc.") == key("Senior iOS Engineer", "Lumen Health"))
        #expect(key("Software Engineer II", "Acme GmbH") == key("Software Engineer 2", "ACME"))
        #expect(key("Data Analyst", "Smith & Sons Ltd") == key("Data Analyst", "Smith and Sons"))
        #expect(key("Senior Engineer", "Acme") != key("Junior Engineer", "Acme"), "different levels are different jobs")
        #expect(key("Engineer", "Co") != key("Engineer", "Acme Co"), "a company that is only a suffix keeps its name")
    }

    @Test("the same job from LinkedIn and Indeed is one posting that names both boards; importing it again adds nothing")
    func mergedAcrossBoards() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("jobspy.csv")
        try """
        site,job_url,title,company,location,description
        linkedin,https://www.linkedin.com/jobs/view/1,Sr. Staff Accountant,"Harbor Foods, Inc.","Boston, MA",Close the books monthly.
        indeed,https://www.indeed.com/viewjob?jk=2,Senior Staff Accountant,Harbor Foods,"Boston, MA, US",Close the books monthly and reconcile accounts.
        indeed,https://www.indeed.com/viewjob?jk=3,Staff Accountant,Harbor Foods,"Boston, MA, US",A different, junior job.
        """.write(to: file, atomically: true, encoding: .utf8)
        // Loading the reference data takes seconds in a debug build: off the cooperative pool.
        let postings = try await BlockingWork.run {
            try JobImporter(normalizer: try JobNormalizer.load(dataDirectory: JobsFixtures.data)).read(path: file.path).postings
        }
        let (database, databaseFolder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: databaseFolder) }
        let jobs = SQLiteJobStore(database: database)

        let first = try await jobs.upsert(postings)
        let again = try await jobs.upsert(postings)

        #expect(first == IndexWriteReport(inserted: 2, updated: 1))
        #expect(again.inserted == 0)
        #expect(try await jobs.count() == 2)
        let merged = try #require(try await jobs.search(JobQuery(text: "staff accountant")).first { $0.posting.sources.count > 1 }?.posting)
        #expect(merged.sources == ["linkedin", "indeed"])
        #expect(merged.links == ["linkedin": "https://www.linkedin.com/jobs/view/1", "indeed": "https://www.indeed.com/viewjob?jk=2"])
        #expect(merged.location == "Boston, MA, US")
        #expect(merged.description.contains("reconcile"), "the richer description is kept")
        #expect(merged.occupationCode == "13-2011.00")
    }
}
