import Assistant
import Foundation
import Storage
import Testing
import Tools

@Suite("Job importers and normalisation")
struct JobImportTests {
    func importer() async throws -> JobImporter {
        JobImporter(normalizer: JobNormalizer(taxonomy: try #require(await JobsFixtures.taxonomy())))
    }

    @Test("JobSpy CSV: quoted multi-line fields, hourly pay, remote flags; bad rows are skipped with reasons")
    func jobSpyCSV() async throws {
        let result = try await importer().read(path: JobsFixtures.fixtures.appendingPathComponent("jobspy.csv").path)

        #expect(result.postings.map(\.title) == ["Senior iOS Engineer", "Data Engineer", "Senior iOS Engineer", "Warehouse Associate"])
        #expect(result.skipped.map(\.row) == [5, 8], "file lines; the first record spans two")
        #expect(result.skipped[0].reason == "missing title")
        #expect(result.skipped[1].reason.contains("above maximum"))
        let ios = result.postings[0]
        #expect(ios.source == "indeed")
        #expect(ios.seniority == "senior")
        #expect(ios.salaryMin == 150_000)
        #expect(ios.salaryPeriod == .year)
        #expect(ios.skills.contains("Swift") && ios.skills.contains("Kubernetes"))
        #expect(ios.description.contains("\nYou will own releases"))
        #expect(result.postings[1].arrangement == .remote)
        let warehouse = result.postings[3]
        #expect(warehouse.salaryPeriod == .hour)
        #expect(warehouse.description.contains("\"night shift\""))
        #expect(result.postings[0].dedupKey == result.postings[2].dedupKey)
    }

    @Test("JSON lines: field aliases, HTML descriptions, tag aliases and epoch dates; broken lines are skipped")
    func jsonLines() async throws {
        let result = try await importer().read(path: JobsFixtures.fixtures.appendingPathComponent("postings.jsonl").path)

        #expect(result.postings.count == 2)
        #expect(result.skipped.map(\.row) == [2, 3])
        let backend = result.postings[0]
        #expect(backend.company == "Harbor Software")
        #expect(backend.arrangement == .remote)
        #expect(backend.skills == ["Go", "PostgreSQL", "Kubernetes"])
        #expect(backend.description == "Build Go services.\n- Postgres")
        #expect(result.postings[1].skills == ["Linux", "Terraform"])
        #expect(result.postings[1].postedAt == Date(timeIntervalSince1970: 1_763_900_000))
    }

    @Test("a wrapped JSON array imports its objects and skips the rest")
    func jsonArray() async throws {
        let result = try await importer().read(path: JobsFixtures.fixtures.appendingPathComponent("postings.json").path)
        #expect(result.postings.map(\.title) == ["Frontend Developer"])
        #expect(result.postings[0].arrangement == .hybrid)
        #expect(result.skipped.map(\.reason) == ["not an object", "negative salary"])
    }

    @Test("unreadable, unknown and malformed files are refused with a clear reason")
    func badFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jh-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("garbage.bin")
        try Data([0x00, 0xFF, 0x13, 0x37]).write(to: binary)
        let broken = folder.appendingPathComponent("broken.csv")
        try "title,company\n\"never closed,Acme\n".write(to: broken, atomically: true, encoding: .utf8)
        let noTitle = folder.appendingPathComponent("other.csv")
        try "name,price\nwidget,3\n".write(to: noTitle, atomically: true, encoding: .utf8)

        let importer = try await importer()
        #expect(throws: JobImporter.ImportError.unreadable("/nonexistent.csv")) { try importer.read(path: "/nonexistent.csv") }
        #expect(throws: JobImporter.ImportError.unknownFormat(binary.path)) { try importer.read(path: binary.path) }
        #expect { try importer.read(path: broken.path) } throws: { "\($0)".contains("never closes") }
        #expect { try importer.read(path: noTitle.path) } throws: { "\($0)".contains("no title column") }
    }

    @Test("seniority, arrangement and skills are inferred; lower-case ambiguous words are not skills")
    func normalisation() async throws {
        #expect(JobNormalizer.seniority(fromTitle: "Sr. Backend Engineer") == "senior")
        #expect(JobNormalizer.seniority(fromTitle: "Head of Data") == "lead")
        #expect(JobNormalizer.seniority(fromTitle: "Software Engineer") == nil)
        #expect(JobNormalizer.arrangement(location: "Anywhere", text: "") == .remote)
        #expect(JobNormalizer.arrangement(location: "Paris", text: "Hybrid, 2 days on-site") == .hybrid)
        let taxonomy = try #require(await JobsFixtures.taxonomy())
        #expect(taxonomy.extract(from: "You will go far and react quickly; we use Go, React and k8s.") == ["Go", "React", "Kubernetes"])
        #expect(taxonomy.same("Postgres", "PostgreSQL"))
    }

    @Test("the generator is deterministic for a seed and different for another")
    func generator() async throws {
        // Loading the reference data takes seconds in a debug build: off the cooperative pool.
        let (first, again, other) = try await BlockingWork.run { () -> ([JobPosting], [JobPosting], [JobPosting]) in
            let generator = try SyntheticJobGenerator.load(dataDirectory: JobsFixtures.data)
            func make(_ seed: UInt64) -> [JobPosting] {
                var all: [JobPosting] = []
                generator.generate(count: 300, seed: seed, now: JobsFixtures.now, batchSize: 100) { all += $0 }
                return all
            }
            return (make(7), make(7), make(8))
        }
        #expect(first == again)
        #expect(first != other)
        #expect(first.count == 300)
        #expect(first.allSatisfy { !$0.title.isEmpty && !$0.company.isEmpty && !$0.description.isEmpty })
        #expect(first.contains { $0.arrangement == .remote } && first.contains { $0.salaryMin != nil })
        #expect(first.allSatisfy { ($0.salaryMin ?? 0) <= ($0.salaryMax ?? .infinity) })
    }

    @Test("the demo corpus looks like one country's market: common jobs common, on-site work on site, BLS pay")
    func realisticCorpus() async throws {
        // Seconds of loading and generating in a debug build: off the cooperative pool.
        let (catalog, postings, inGermany) = try await BlockingWork.run { () -> (OccupationCatalog, [JobPosting], [JobPosting]) in
            let generator = try SyntheticJobGenerator.load(dataDirectory: JobsFixtures.data)
            var postings: [JobPosting] = []
            generator.generate(count: 4_000, seed: 3, now: JobsFixtures.now) { postings += $0 }
            var inGermany: [JobPosting] = []
            try SyntheticJobGenerator.load(dataDirectory: JobsFixtures.data, country: "DE")
                .generate(count: 200, seed: 1, now: JobsFixtures.now) { inGermany += $0 }
            return (try OccupationCatalog.load(dataDirectory: JobsFixtures.data), postings, inGermany)
        }

        #expect(postings.allSatisfy { $0.country == "US" && ($0.location.hasSuffix(", US") || $0.location == "Remote (US)") })
        #expect(postings.allSatisfy { $0.occupationCode != nil })
        func count(_ group: String) -> Int { postings.filter { $0.occupationCode?.hasPrefix(group) == true }.count }
        // BLS: office and administrative support employs several times more people than computer occupations.
        #expect(count("43-") > count("15-"))
        #expect(count("29-") > 100, "healthcare practitioners are a large share of real postings")
        let onSiteTrades = postings.filter { ["47-", "53-", "35-"].contains(String($0.occupationCode?.prefix(3) ?? "")) }
        #expect(!onSiteTrades.isEmpty && onSiteTrades.allSatisfy { $0.arrangement != .remote })
        let remoteShare = Double(postings.filter { $0.arrangement == .remote }.count) / Double(postings.count)
        #expect(remoteShare > 0.03 && remoteShare < 0.2)
        // Every stated salary lies between the occupation's BLS 10th and 90th percentiles.
        for posting in postings.prefix(1_000) where posting.salaryMin != nil {
            let occupation = try #require(posting.occupationCode.flatMap(catalog.occupation(code:)))
            let wages = try #require(catalog.wages(for: occupation))
            let low = try #require(wages.percentiles.first?.value)
            let high = try #require(wages.percentiles.last?.value)
            let yearly = try #require(posting.annualSalaryRange.min)
            #expect(yearly >= low * 0.97 && yearly <= high * 1.03, "\(posting.title): \(yearly) outside \(low)–\(high)")
        }
        let unknownCountry = await BlockingWork.run { () -> Bool in
            (try? SyntheticJobGenerator.load(dataDirectory: JobsFixtures.data, country: "XX")) == nil
        }
        #expect(unknownCountry, "a country without cities is refused")
        #expect(inGermany.allSatisfy { $0.country == "DE" && $0.salaryMin == nil })
    }
}
