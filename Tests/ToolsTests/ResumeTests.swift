import Assistant
import Foundation
import Storage
import Testing
import Tools

@Suite("Resume parsing and analysis")
struct ResumeTests {
    func text(_ name: String) throws -> String {
        try String(contentsOf: JobsFixtures.fixtures.appendingPathComponent("resumes/\(name)"), encoding: .utf8)
    }

    func parser() throws -> ResumeParser { ResumeParser(taxonomy: try #require(JobsFixtures.taxonomy)) }
    func analyzer() throws -> ResumeAnalyzer { ResumeAnalyzer(taxonomy: try #require(JobsFixtures.taxonomy), today: YearMonth(year: 2026, month: 11)) }

    @Test(
        "date ranges in the formats resumes use",
        arguments: [
            ("Jan 2020 – Present", ResumeDates.Range(start: YearMonth(year: 2020, month: 1), end: nil)),
            ("January 2020 - Mar 2021", ResumeDates.Range(start: YearMonth(year: 2020, month: 1), end: YearMonth(year: 2021, month: 3))),
            ("2019-03 – 2020-05", ResumeDates.Range(start: YearMonth(year: 2019, month: 3), end: YearMonth(year: 2020, month: 5))),
            ("03/2019 - 05/2020", ResumeDates.Range(start: YearMonth(year: 2019, month: 3), end: YearMonth(year: 2020, month: 5))),
            ("(2017–2021)", ResumeDates.Range(start: YearMonth(year: 2017), end: YearMonth(year: 2021))),
            ("since 2022", ResumeDates.Range(start: YearMonth(year: 2022), end: nil)),
        ])
    func dates(text: String, expected: ResumeDates.Range) {
        #expect(ResumeDates.range(in: text) == expected)
    }

    @Test("a Markdown resume: contact, roles with dates and bullets, skills")
    func markdown() throws {
        let resume = try parser().parse(text("ada.md"))
        #expect(resume.contact.name == "Ada Lovelace")
        #expect(resume.contact.email == "ada@example.com")
        #expect(resume.experience.map(\.title) == ["Senior iOS Engineer", "iOS Developer"])
        #expect(resume.experience.map(\.company) == ["Lumen Health", "Harbor Software"])
        #expect(resume.experience[0].dates == ResumeDates.Range(start: YearMonth(year: 2021), end: nil))
        #expect(resume.experience[0].bullets.count == 3)
        #expect(resume.experience[0].bullets[0].number == 6)
        #expect(resume.listedSkills.contains("SwiftUI"))
    }

    @Test("a plain-text resume with capitalised headings and dates on their own lines")
    func plainText() throws {
        let resume = try parser().parse(text("sam.txt"))
        #expect(resume.contact.phone == "+1 (415) 555-0134")
        #expect(resume.contact.links == ["linkedin.com/in/samrivera"])
        #expect(resume.experience.map(\.title) == ["Data Analyst", "Junior Analyst"])
        #expect(resume.experience.map(\.company) == ["Acme Corp", "Globex"])
        #expect(resume.experience[1].dates == ResumeDates.Range(start: YearMonth(year: 2017, month: 3), end: YearMonth(year: 2019, month: 5)))
        #expect(resume.education.first?.text == "BSc Statistics, University of Leeds, 2016")
        #expect(resume.sections.map(\.kind) == ["summary", "experience", "education", "skills", nil])
    }

    @Test("analysis finds weak, passive and unquantified bullets, buzzwords, tense, gaps, unevidenced skills and ATS hazards, citing lines")
    func findings() throws {
        let analysis = try analyzer().analyze(parser().parse(text("sam.txt")))
        let findings = analysis.findings.map { ($0.line, $0.issue) }
        func has(_ line: Int?, _ fragment: String) -> Bool { findings.contains { $0.0 == line && $0.1.contains(fragment) } }

        #expect(has(10, "Weak or passive opening"), "Responsible for …")
        #expect(has(12, "Weak or passive opening"), "passive: Report was reviewed")
        #expect(has(17, "Weak or passive opening"), "Helped with …")
        #expect(has(10, "No result or number"))
        #expect(!has(11, "No result or number"), "“cut churn by 12%” has a result")
        #expect(has(5, "Buzzword “results-driven”") && has(5, "Buzzword “team player”") && has(5, "Buzzword “passionate”"))
        #expect(has(16, "Present tense in a past role"), "“Manage SQL dashboards” in a role that ended")
        #expect(findings.contains { $0.1.contains("gap of 20 months") }, "05/2019 to Jan 2021")
        #expect(findings.contains { $0.1.contains("“Kubernetes” is listed but never shown") })
        #expect(has(25, "Unusual section name “MY JOURNEY”"))
        #expect(has(26, "Table"))
        #expect(analysis.parts.map(\.name) == ["contact", "sections", "impact", "clarity", "length", "evidence", "ats"])
        #expect(analysis.score == analysis.parts.reduce(0) { $0 + $1.score })
        let better = try analyzer().analyze(parser().parse(text("ada.md")))
        #expect(better.parts.first { $0.name == "impact" }!.score > analysis.parts.first { $0.name == "impact" }!.score)
    }

    @Test("job fit lists matched and missing skills and the experience level")
    func fit() throws {
        let resume = try parser().parse(text("sam.txt"))
        let job = JobPosting(source: "t", title: "Senior Data Analyst", company: "C", location: "", seniority: "senior", skills: ["Python", "SQL", "Apache Spark"])
        let fit = try analyzer().fit(resume, job: job)
        #expect(fit.matched == ["Python", "SQL"])
        #expect(fit.missing == ["Apache Spark"])
        #expect(fit.experience.contains("8 years of dated experience meets the senior level"), "70 + 26 months")
        #expect(fit.score == 75)
    }

    @Test("empty and garbage text parse to an empty structure without crashing")
    func hostile() throws {
        for input in ["", "\u{0}\u{1}\u{2}", String(repeating: "- x\n", count: 5_000), "## \n### \n| | |", "Jan 9999 - Present"] {
            let resume = try parser().parse(input)
            _ = try analyzer().analyze(resume)
        }
    }
}

@Suite("analyze_resume tool")
struct AnalyzeResumeToolTests {
    @Test("a path stores a new version with its parsed structure; without a resume the tool says what it needs; fit for a job")
    func tool() async throws {
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let jobs = SQLiteJobStore(database: database)
        _ = try await jobs.upsert([JobsFixtures.posting("Senior Data Analyst", company: "Meridian", skills: ["Python", "SQL", "Apache Spark"])])
        let user = try await SQLiteUserStore(database: database).user(named: "a")
        let resumes = SQLiteResumeStore(database: database)
        var services = try JobServices.load(jobs: jobs, applications: SQLiteApplicationStore(database: database), dataDirectory: JobsFixtures.data)
        services.resumes = resumes
        let registry = ToolCatalog.standard(profiles: SQLiteProfileStore(database: database), jobs: services)
        let hit = try #require(try await jobs.search(JobQuery(limit: 1)).first)
        let context = JobsFixtures.context(userID: user.id, state: ConversationState(lastResults: [ResultReference(kind: "job", id: String(hit.posting.id), title: "x")]))
        func run(_ arguments: String) async -> ToolOutput {
            await registry.run(ToolCall(id: "a", name: "analyze_resume", arguments: arguments), context: context).output
        }

        #expect(await run("{}").content["guidance"]?.stringValue?.contains("resume first") == true)
        #expect(await run(#"{"path":"/tmp/cv.odt"}"#).content["guidance"]?.stringValue?.contains("ODT resumes are not read yet") == true)

        let path = JobsFixtures.fixtures.appendingPathComponent("resumes/sam.txt").path
        let analysed = await run(#"{"path":\#(JSONValue.string(path).jsonText),"job_ref":1}"#)
        #expect((analysed.content["score"]?.stringValue).flatMap(Int.init).map { (1...99).contains($0) } == true)
        #expect(analysed.content["findings"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("line 10: Weak or passive opening") == true } == true)
        #expect(analysed.content["fit"]?["missing"] == ["Apache Spark"])
        let stored = try #require(try await resumes.latest(userID: user.id))
        #expect(stored.filename == "sam.txt")
        #expect(stored.parsed?.contains("\"experience\"") == true, "the parsed structure is stored with the text")
    }
}
