import Assistant
import AssistantTesting
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

@Suite("Resume optimisation and export")
struct OptimizeResumeTests {
    static let job = JobPosting(
        source: "t", title: "Senior Data Analyst", company: "Meridian", location: "Leeds",
        description: "Senior analyst role", skills: ["Python", "SQL", "Tableau", "Apache Spark"])

    func text() throws -> String {
        try String(contentsOf: JobsFixtures.fixtures.appendingPathComponent("resumes/sam.txt"), encoding: .utf8)
    }

    @Test("rewrites use the user's own facts, add placeholders for results, never add a skill the resume lacks")
    func rules() async throws {
        let taxonomy = try #require(await JobsFixtures.taxonomy())
        let text = try self.text()
        let parsed = ResumeParser(taxonomy: taxonomy).parse(text)
        let result = ResumeOptimizer(taxonomy: taxonomy).optimize(
            parsed, text: text, job: Self.job, today: YearMonth(year: 2026, month: 11))

        #expect(
            result.rewrites.first { $0.line == 10 }?.after
                == "Owned weekly reporting in Tableau [add the result: how much, how many or how fast]")
        #expect(result.rewrites.first { $0.line == 16 }?.after == "Managed SQL dashboards for 40 stores")
        #expect(result.skills.prefix(3) == ["Python", "SQL", "Tableau"])
        #expect(result.notEvidenced == ["Apache Spark"])
        #expect(!result.markdown.contains("Spark"))
        #expect(result.summary.hasPrefix("Data Analyst with 8+ years of experience in Python, SQL, Tableau."))
        #expect(result.derivedFacts == ["8+ years of experience"], "computed from the resume's dates, and declared")
        #expect(
            FabricationCheck.unsupported(in: result.markdown, sources: [text, Self.job.title, Self.job.description] + result.derivedFacts)
                .isEmpty,
            "zero fabricated items")
    }

    @Test("the exported DOCX is a real document: it reads back as the same text")
    func docxRoundTrip() throws {
        let markdown = "# Sam Rivera\n## Experience\n- Built a churn model that cut churn by 12%\nPlain & <simple> line"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jh-export-\(UUID().uuidString).docx")
        try DocxWriter.docx(fromMarkdown: markdown).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let document = try ResumeFile.readDocument(path: url.path)
        #expect(document.text == "Sam Rivera\nExperience\n• Built a churn model that cut churn by 12%\nPlain & <simple> line")
        #expect(document.hazards.isEmpty)
    }

    func setup(writer: (any TextWriter)?) async throws -> (ToolRegistry, ToolContext, URL) {
        let (database, folder) = try JobsFixtures.database()
        let jobs = SQLiteJobStore(database: database)
        _ = try await jobs.upsert([Self.job])
        let user = try await SQLiteUserStore(database: database).user(named: "o")
        let resumes = SQLiteResumeStore(database: database)
        _ = try await resumes.save(userID: user.id, filename: "sam.txt", text: try text())
        let services = try await JobsFixtures.services(database, fileAccess: .terminal(exports: folder.appendingPathComponent("exports")))
        let hit = try #require(try await jobs.search(JobQuery(limit: 1)).first)
        var context = JobsFixtures.context(
            userID: user.id, state: ConversationState(lastResults: [ResultReference(kind: "job", id: String(hit.posting.id), title: "x")]))
        context.writer = writer
        return (ToolCatalog.standard(services), context, folder)
    }

    @Test("a model that invents an employer or a figure is overruled line by line; files are exported")
    func modelGate() async throws {
        // Four rule rewrites, so four lines: the second invents a number and an employer.
        let reply = """
            Owned weekly Tableau reporting [add the result: how much, how many or how fast]
            Had the report reviewed by finance at Google, saving 45% of review time
            Managed SQL dashboards for 40 stores
            Contributed to data cleaning [add the result: how much, how many or how fast]
            """
        let (registry, context, folder) = try await setup(writer: ModelTextWriter(model: ScriptedChatModel([.text(reply)])))
        defer { try? FileManager.default.removeItem(at: folder) }

        let output = await registry.run(ToolCall(id: "o", name: "optimize_resume", arguments: #"{"job_ref":1}"#), context: context).output

        let rewrites = output.content["rewrites"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(rewrites.contains { $0.contains("→ “Owned weekly Tableau reporting") }, "an honest model rewrite is kept")
        #expect(!rewrites.contains { $0.contains("Google") || $0.contains("45%") })
        #expect(output.content["rejected"]?.stringValue?.contains("45%") == true)
        let exported = output.content["exported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(exported.count == 2)
        let markdown = try String(contentsOfFile: exported[0], encoding: .utf8)
        #expect(!markdown.contains("Google"))
        #expect(exported.allSatisfy { $0.contains("/exports/u\(context.userID)/resume-meridian-") }, "in the user's own folder")
        for file in exported {
            #expect(
                try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600, "readable by the owner only")
        }
        #expect(try ResumeFile.readDocument(path: exported[1]).text.contains("Owned weekly Tableau reporting"))
    }

    @Test("without a resume or a job the tool says what it needs")
    func guidance() async throws {
        let (registry, context, folder) = try await setup(writer: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = await registry.run(ToolCall(id: "o", name: "optimize_resume", arguments: "{}"), context: context).output
        #expect(output.content["guidance"]?.stringValue?.contains("Which job?") == true)
    }
}
