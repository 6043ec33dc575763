import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

/// Search that finds what people mean: the cases from the issue ("find swift developer jobs" found nothing,
/// "devops jobs with kubernetes and terraform" found one posting) and the rules each step follows.
@Suite("Search: synonyms, occupations, partial matches, relaxed filters")
struct SearchPlanTests {
    /// One catalog for the suite: each loader reads O*NET on first use.
    static let occupations = OccupationCatalogLoader(dataDirectory: JobsFixtures.data)

    static func search(_ postings: [JobPosting], _ arguments: String) async throws -> JSONValue {
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let jobs = SQLiteJobStore(database: database, clock: .fixed(JobsFixtures.now))
        _ = try await jobs.upsert(postings)
        let tool = SearchJobsTool(
            jobs: jobs, countries: CountryNames.load(dataDirectory: JobsFixtures.data),
            synonyms: SearchSynonyms.load(dataDirectory: JobsFixtures.data),
            occupations: Self.occupations)
        return try await tool.call(arguments: arguments, context: JobsFixtures.context(userID: 1)).content
    }

    static func titles(_ content: JSONValue) -> [String] {
        content["results"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
    }

    static func notes(_ content: JSONValue) -> String {
        content["notes"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? ""
    }

    static func posting(
        _ title: String, skills: [String] = [], description: String = "", location: String = "Berlin",
        daysAgo: Double = 1, occupation: String? = nil
    ) -> JobPosting {
        var posting = JobsFixtures.posting(
            title, company: "Co \(title)", location: location, skills: skills, daysAgo: daysAgo, description: description)
        posting.occupationCode = occupation
        return posting
    }

    @Test("an abbreviation finds the spelled-out title and says which synonym it used; RN never matches RNAV")
    func synonyms() async throws {
        let content = try await Self.search(
            [
                Self.posting("Registered Nurse"), Self.posting("ICU RN"),
                Self.posting("Air Traffic Controller", description: "Area navigation RNAV systems"),
            ], #"{"query":"rn"}"#)

        #expect(Set(Self.titles(content)) == ["Registered Nurse", "ICU RN"])
        #expect(Self.notes(content).contains("rn = registered nurse"))
    }

    @Test("postings titled with a synonym come before postings that only mention the words")
    func titlesFirst() async throws {
        let content = try await Self.search(
            [
                Self.posting("Caregiver", description: "Work under the direction of a registered nurse.", daysAgo: 0),
                Self.posting("Psychiatric RN", daysAgo: 5),
            ], #"{"query":"registered nurse"}"#)

        #expect(Self.titles(content) == ["Psychiatric RN", "Caregiver"])
    }

    @Test("swift finds iOS postings; k8s finds Kubernetes")
    func techSynonyms() async throws {
        let content = try await Self.search(
            [Self.posting("iOS Developer", skills: ["Objective-C"]), Self.posting("Chef")], #"{"query":"swift developer"}"#)
        #expect(Self.titles(content) == ["iOS Developer"])
        let k8s = try await Self.search([Self.posting("Platform Engineer", skills: ["Kubernetes"])], #"{"query":"k8s"}"#)
        #expect(Self.titles(k8s) == ["Platform Engineer"])
    }

    @Test("a title that names an occupation also finds that occupation's postings with other titles")
    func occupationExpansion() async throws {
        let content = try await Self.search(
            [
                Self.posting("Charge Nurse", occupation: "29-1141.00"), Self.posting("Staff Nurse", occupation: "29-1141.00"),
                Self.posting("Clinical Coordinator", occupation: "29-1141.00"), Self.posting("Teacher", occupation: "25-2021.00"),
            ], #"{"query":"registered nurse"}"#)

        #expect(Set(Self.titles(content)) == ["Charge Nurse", "Staff Nurse", "Clinical Coordinator"])
        #expect(Self.notes(content).contains("Also included other Registered Nurses postings"))
    }

    @Test("when few postings have every word, those with most of them follow, more words first")
    func partialMatches() async throws {
        let content = try await Self.search(
            [
                Self.posting("DevOps Engineer", skills: ["Kubernetes", "Terraform"]),
                Self.posting("Platform Engineer", skills: ["Kubernetes", "Terraform"], daysAgo: 2),
                Self.posting("Cloud Engineer", skills: ["Terraform"], daysAgo: 3),
                Self.posting("SRE", skills: ["Kubernetes"], daysAgo: 4),
                Self.posting("Chef"),
            ], #"{"query":"devops kubernetes terraform"}"#)

        #expect(Self.titles(content) == ["DevOps Engineer", "Platform Engineer"])
        #expect(Self.notes(content).contains("all but one"))
    }

    @Test("with nothing matching every filter, one filter is relaxed and the reply says which")
    func relaxedFilters() async throws {
        let content = try await Self.search(
            [Self.posting("Nurse", location: "Chicago, IL"), Self.posting("Teacher", location: "Houston, TX")],
            #"{"query":"nurse","location":"Texas"}"#)

        #expect(Self.titles(content) == ["Nurse"])
        #expect(Self.notes(content).contains("leave out the place"))
        let inTexas = try await Self.search([Self.posting("Nurse", location: "Houston, TX")], #"{"query":"nurse","location":"Texas"}"#)
        #expect(Self.titles(inTexas) == ["Nurse"] && Self.notes(inTexas).isEmpty)
    }

    @Test("synonym rewrites replace whole phrases only and never repeat the query")
    func rewrites() {
        let synonyms = SearchSynonyms(groups: [["rn", "registered nurse"], ["k8s", "kubernetes"]])
        #expect(synonyms.rewrites(of: "RN jobs").map(\.text) == ["registered nurse jobs"])
        #expect(synonyms.rewrites(of: "registered nurse").map(\.text) == ["rn"])
        #expect(synonyms.rewrites(of: "burner").isEmpty, "rn inside a word is not the abbreviation")
        #expect(synonyms.rewrites(of: "k8s rn").map(\.text) == ["k8s registered nurse", "kubernetes rn"])
    }
}
