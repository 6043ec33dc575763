import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

@Suite("Resume parsing and analysis")
struct ResumeTests {
    func text(_ name: String) throws -> String {
        try String(contentsOf: JobsFixtures.fixtures.appendingPathComponent("resumes/\(name)"), encoding: .utf8)
    }

    func parser() async throws -> ResumeParser { ResumeParser(taxonomy: try #require(await JobsFixtures.taxonomy())) }
    func analyzer() async throws -> ResumeAnalyzer {
        ResumeAnalyzer(taxonomy: try #require(await JobsFixtures.taxonomy()), today: YearMonth(year: 2026, month: 11))
    }

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
    func markdown() async throws {
        let resume = try await parser().parse(text("ada.md"))
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
    func plainText() async throws {
        let resume = try await parser().parse(text("sam.txt"))
        #expect(resume.contact.phone == "+1 (415) 555-0134")
        #expect(resume.contact.links == ["linkedin.com/in/samrivera"])
        #expect(resume.experience.map(\.title) == ["Data Analyst", "Junior Analyst"])
        #expect(resume.experience.map(\.company) == ["Acme Corp", "Globex"])
        #expect(
            resume.experience[1].dates == ResumeDates.Range(start: YearMonth(year: 2017, month: 3), end: YearMonth(year: 2019, month: 5)))
        #expect(resume.education.first?.text == "BSc Statistics, University of Leeds, 2016")
        #expect(resume.sections.map(\.kind) == ["summary", "experience", "education", "skills", nil])
    }

    @Test("analysis finds weak, passive and unquantified bullets, buzzwords, tense, gaps, unevidenced skills and ATS hazards, citing lines")
    func findings() async throws {
        let analysis = try await analyzer().analyze(parser().parse(text("sam.txt")))
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
        let better = try await analyzer().analyze(parser().parse(text("ada.md")))
        #expect(better.parts.first { $0.name == "impact" }!.score > analysis.parts.first { $0.name == "impact" }!.score)
    }

    @Test("job fit lists matched and missing skills and the experience level")
    func fit() async throws {
        let resume = try await parser().parse(text("sam.txt"))
        let job = JobPosting(
            source: "t", title: "Senior Data Analyst", company: "C", location: "", seniority: "senior",
            skills: ["Python", "SQL", "Apache Spark"])
        let fit = try await analyzer().fit(resume, job: job)
        #expect(fit.matched == ["Python", "SQL"])
        #expect(fit.missing == ["Apache Spark"])
        #expect(fit.experience.contains("8 years of dated experience meets the senior level"), "70 + 26 months")
        #expect(fit.score == 75)
    }

    @Test("empty and garbage text parse to an empty structure without crashing")
    func hostile() async throws {
        for input in ["", "\u{0}\u{1}\u{2}", String(repeating: "- x\n", count: 5_000), "## \n### \n| | |", "Jan 9999 - Present"] {
            let resume = try await parser().parse(input)
            _ = try await analyzer().analyze(resume)
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
        _ = try await jobs.upsert([
            JobsFixtures.posting("Senior Data Analyst", company: "Meridian", skills: ["Python", "SQL", "Apache Spark"])
        ])
        let user = try await SQLiteUserStore(database: database).user(named: "a")
        let resumes = SQLiteResumeStore(database: database)
        let services = try await JobsFixtures.services(database, fileAccess: .terminal(exports: folder.appendingPathComponent("exports")))
        let registry = ToolCatalog.standard(services)
        let hit = try #require(try await jobs.search(JobQuery(limit: 1)).first)
        let context = JobsFixtures.context(
            userID: user.id, state: ConversationState(lastResults: [ResultReference(kind: "job", id: String(hit.posting.id), title: "x")]))
        func run(_ arguments: String) async -> ToolOutput {
            await registry.run(ToolCall(id: "a", name: "analyze_resume", arguments: arguments), context: context).output
        }

        #expect(await run("{}").content["guidance"]?.stringValue?.contains("resume first") == true)
        #expect(await run(#"{"path":"/tmp/cv.odt"}"#).content["guidance"]?.stringValue?.contains("ODT resumes are not read yet") == true)

        let path = JobsFixtures.fixtures.appendingPathComponent("resumes/sam.txt").path
        let analysed = await run(#"{"path":\#(JSONValue.string(path).jsonText),"job_ref":1}"#)
        #expect((analysed.content["score"]?.stringValue).flatMap(Int.init).map { (1...99).contains($0) } == true)
        #expect(
            analysed.content["findings"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("line 10: Weak or passive opening") == true }
                == true)
        #expect(analysed.content["fit"]?["missing"] == ["Apache Spark"])
        let stored = try #require(try await resumes.latest(userID: user.id))
        #expect(stored.filename == "sam.txt")
        #expect(stored.parsed?.contains("\"experience\"") == true, "the parsed structure is stored with the text")
    }
}

@Suite("file access on the server")
struct ServerFileAccessTests {
    @Test(
        "on the server analyze_resume reads no path: a secret file, a missing one and a folder all get the same upload guidance, and nothing is stored"
    )
    func noPathsOnTheServer() async throws {
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("jwt-secret")
        try Data("server-signing-secret-0123456789abcdef".utf8).write(to: secret)
        let user = try await SQLiteUserStore(database: database).user(named: "mallory")
        let resumes = SQLiteResumeStore(database: database)
        let services = try await JobsFixtures.services(database, fileAccess: .server(exports: folder.appendingPathComponent("exports")))
        let registry = ToolCatalog.standard(services)
        let context = JobsFixtures.context(userID: user.id)

        var answers: Set<String> = []
        for path in [secret.path, "/etc/passwd", "/no/such/file.md", folder.path, "~/.ssh/id_rsa"] {
            let output = await registry.run(
                ToolCall(id: "a", name: "analyze_resume", arguments: #"{"path":\#(JSONValue.string(path).jsonText)}"#), context: context
            ).output
            #expect(output.content["score"] == nil, "nothing was analysed for \(path)")
            answers.insert(output.content.jsonText)
        }
        #expect(answers == [JSONValue.object(["guidance": .string(FileAccess.uploadInstead)]).jsonText], "one answer whatever the path")
        #expect(try await resumes.latest(userID: user.id) == nil, "no file became a resume")
        let schema = try #require(registry.schemas.first { $0.name == "analyze_resume" })
        #expect(schema.parameters["properties"]?["path"] == nil, "the model is not offered a path on the server")
    }

    @Test("server exports are per user, unguessable, 0600, shown as download links and readable only by their owner")
    func exportsAreDownloads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let exports = FileAccess.server(exports: folder).exports
        let first = try exports.write(userID: 7, stem: "resume-acme", files: [("md", Data("# Seven".utf8))])
        let second = try exports.write(userID: 8, stem: "resume-acme", files: [("md", Data("# Eight".utf8))])
        let name = try #require(first.first?.split(separator: "/").last.map(String.init))
        #expect(first.first?.hasPrefix("/exports/resume-acme-") == true && first.first?.contains(folder.path) == false)
        #expect(first != second, "two users in the same minute never share a file")
        #expect(exports.read(userID: 7, name: name) == Data("# Seven".utf8))
        #expect(exports.read(userID: 8, name: name) == nil, "another user cannot read it")
        for hostile in ["../u7/\(name)", "..", "x/../../jwt-secret", "a.md.exe", "A.md", ""] {
            #expect(exports.read(userID: 7, name: hostile) == nil, "\(hostile)")
        }
        let file = folder.appendingPathComponent("u7").appendingPathComponent(name).path
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        let userFolder = folder.appendingPathComponent("u7").path
        #expect(try FileManager.default.attributesOfItem(atPath: userFolder)[.posixPermissions] as? Int == 0o700)
    }
}
