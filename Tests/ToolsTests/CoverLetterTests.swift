import Assistant
import AssistantTesting
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

@Suite("Cover letters")
struct CoverLetterTests {
    static let resumeText = (try? String(contentsOf: JobsFixtures.fixtures.appendingPathComponent("resumes/ada.md"), encoding: .utf8)) ?? ""
    static let job = JobPosting(
        source: "test", title: "Senior iOS Engineer", company: "Meridian Health", location: "Berlin",
        description: """
            We are hiring a Senior iOS Engineer.
            - 5+ years of experience with Swift and SwiftUI
            - Experience automating releases with Jenkins
            - You have mentored engineers before
            """,
        skills: ["Swift", "SwiftUI", "Jenkins"])

    func composer() async throws -> CoverLetterComposer { CoverLetterComposer(taxonomy: try #require(await JobsFixtures.taxonomy())) }
    func facts() async throws -> ResumeFacts { ResumeFacts(text: Self.resumeText, taxonomy: try #require(await JobsFixtures.taxonomy())) }

    @Test("the letter names role and company, ties cited resume lines to the job's requirements, and adds nothing")
    func grounded() async throws {
        let profile = UserProfile(name: "Ada Lovelace", yearsExperience: 8)
        let letter = try await composer().compose(job: Self.job, facts: facts(), profile: profile, tone: .formal, paragraphs: 3)

        #expect(letter.text.contains("Senior iOS Engineer position at Meridian Health"))
        #expect(letter.citations.count == 3)
        let resumeLines = Self.resumeText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for citation in letter.citations {
            #expect(resumeLines[citation.resumeLine - 1].contains(citation.achievement), "cites line \(citation.resumeLine) verbatim")
            #expect(letter.text.contains(citation.achievement.dropFirst(2)))
        }
        #expect(Set(letter.citations.map(\.requirement)).count == 3, "each paragraph answers a different requirement")
        let sources = [Self.resumeText, Self.job.title, Self.job.company, Self.job.description, "Ada Lovelace 8"]
        #expect(FabricationCheck.unsupported(in: letter.text, sources: sources).isEmpty)
        #expect(letter.text.hasSuffix("Sincerely,\nAda Lovelace"))
    }

    @Test("with no resume line matching a requirement, the letter cites the strongest lines and signs with the resume's name")
    func highlightsWhenNothingPairs() async throws {
        // Seen as a teacher in the terminal: a letter that said only "My resume lists the experience I would bring".
        let resume = """
            Dana Whitfield
            Columbus, OH · dana.whitfield@example.com

            Experience
            Third Grade Teacher, Maple Grove Elementary — 2018 to present
            - Built differentiated small-group plans using iReady and Google Classroom
            - Raised the reading benchmark pass rate from 61% to 84% in two years
            """
        let taxonomy = try #require(await JobsFixtures.taxonomy())
        let job = JobPosting(
            source: "test", title: "Elementary Teacher", company: "Meridian Foods", location: "Denver, CO",
            description: "Meridian Foods is hiring an Elementary Teacher.\nWhat you will do:\n- Supervise recess and lunch periods\n",
            skills: ["Play structures"])
        let letter = try await composer().compose(
            job: job, facts: ResumeFacts(text: resume, taxonomy: taxonomy), profile: UserProfile(), tone: .formal, paragraphs: 3)
        #expect(letter.text.contains("raised the reading benchmark pass rate from 61% to 84% in two years"))
        #expect(!letter.text.contains("My resume lists the experience"))
        #expect(letter.citations.first?.requirement == "")
        #expect(letter.text.hasSuffix("Sincerely,\nDana Whitfield"))
        #expect(FabricationCheck.unsupported(in: letter.text, sources: [resume, job.title, job.company, job.description]).isEmpty)
        #expect(CoverLetterComposer.name(atTopOf: "Experience\nSenior Engineer at Acme") == nil)
    }

    @Test("tones read differently and concise letters are shorter")
    func tones() async throws {
        let formal = try await composer().compose(job: Self.job, facts: facts(), profile: UserProfile(), tone: .formal, paragraphs: 3)
        let warm = try await composer().compose(job: Self.job, facts: facts(), profile: UserProfile(), tone: .warm, paragraphs: 3)
        let concise = try await composer().compose(job: Self.job, facts: facts(), profile: UserProfile(), tone: .concise, paragraphs: 2)
        #expect(warm.text.hasPrefix("Hello Meridian Health team"))
        #expect(formal.text != warm.text)
        #expect(concise.citations.count == 2)
        #expect(concise.text.count < formal.text.count)
        #expect(formal.text.hasSuffix("[Your name]"), "no name in the profile: a placeholder, not an invention")
    }

    @Test("the fabrication check flags numbers and names the sources do not contain")
    func fabricationCheck() {
        let flagged = FabricationCheck.unsupported(
            in: "Dear team, at Google I cut costs by 50% and led 4 engineers in Berlin.", sources: ["led 4 engineers", "Berlin"])
        #expect(flagged == ["Google", "50%"])
    }

    struct Setup {
        let registry: ToolRegistry
        let context: ToolContext
        let resumes: SQLiteResumeStore
        let letters: SQLiteCoverLetterStore
        let folder: URL
    }

    func setup(writer: (any TextWriter)? = nil) async throws -> Setup {
        let (database, folder) = try JobsFixtures.database()
        let jobs = SQLiteJobStore(database: database)
        _ = try await jobs.upsert([Self.job, JobsFixtures.posting("Mystery Role", company: "Blank Inc")])
        let user = try await SQLiteUserStore(database: database).user(named: "ada")
        let services = try await JobsFixtures.services(database)
        let resumes = SQLiteResumeStore(database: database)
        let letters = SQLiteCoverLetterStore(database: database)
        let profiles = SQLiteProfileStore(database: database)
        try await profiles.save(UserProfile(name: "Ada Lovelace"), userID: user.id)
        let hits = try await jobs.search(JobQuery(limit: 10))
        var context = JobsFixtures.context(
            userID: user.id,
            state: ConversationState(
                lastResults: hits.map {
                    ResultReference(kind: "job", id: String($0.posting.id), title: $0.posting.title)
                }))
        context.writer = writer
        return Setup(registry: ToolCatalog.standard(services), context: context, resumes: resumes, letters: letters, folder: folder)
    }

    func position(of title: String, in setup: Setup) -> Int {
        (setup.context.state.lastResults.firstIndex { $0.title == title } ?? 0) + 1
    }

    @Test("without a resume, or for a job without a description, the tool explains what it needs and saves nothing")
    func guidance() async throws {
        let setup = try await setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let ios = position(of: "Senior iOS Engineer", in: setup)
        let noResume = await setup.registry.run(
            ToolCall(id: "1", name: "write_cover_letter", arguments: #"{"job_ref":\#(ios)}"#), context: setup.context
        ).output
        // The server's surface: the person uploads, there is no path to type.
        let asked = noResume.content["guidance"]?.stringValue ?? ""
        #expect(asked.contains("Upload resume") && !asked.contains("/resume"), "\(asked)")

        _ = try await setup.resumes.save(userID: setup.context.userID, filename: "ada.md", text: Self.resumeText)
        let blank = position(of: "Mystery Role", in: setup)
        let noDescription = await setup.registry.run(
            ToolCall(id: "2", name: "write_cover_letter", arguments: #"{"job_ref":\#(blank)}"#), context: setup.context
        ).output
        #expect(noDescription.content["guidance"]?.stringValue?.contains("no description") == true)
        let noJob = await setup.registry.run(ToolCall(id: "3", name: "write_cover_letter", arguments: "{}"), context: setup.context).output
        #expect(noJob.content["guidance"] != nil)
        #expect(try await setup.letters.list(userID: setup.context.userID).isEmpty)
    }

    @Test("a model draft that invents an employer or a figure is replaced by the grounded letter; an honest one is kept")
    func modelDrafts() async throws {
        let inventing = ModelTextWriter(
            model: ScriptedChatModel([.text("Dear Meridian Health team, at Google I grew revenue by 300% with Swift.")]))
        let setup = try await setup(writer: inventing)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        _ = try await setup.resumes.save(userID: setup.context.userID, filename: "ada.md", text: Self.resumeText)
        let ios = position(of: "Senior iOS Engineer", in: setup)

        let output = await setup.registry.run(
            ToolCall(id: "1", name: "write_cover_letter", arguments: #"{"job_ref":\#(ios)}"#), context: setup.context
        ).output

        let letter = try #require(output.content["letter"]?.stringValue)
        #expect(!letter.contains("Google") && !letter.contains("300%"))
        #expect(output.content["note"]?.stringValue?.contains("Google") == true)
        #expect(try await setup.letters.list(userID: setup.context.userID).first?.text == letter)

        var honest = setup.context
        honest.writer = ModelTextWriter(
            model: ScriptedChatModel([.text("Dear Meridian Health team, I led the migration to SwiftUI, cutting crash rate by 38%.")]))
        let kept = await setup.registry.run(
            ToolCall(id: "2", name: "write_cover_letter", arguments: #"{"job_ref":\#(ios),"tone":"warm"}"#), context: honest
        ).output
        #expect(kept.content["letter"]?.stringValue?.hasPrefix("Dear Meridian Health team, I led the migration") == true)
        #expect(kept.content["note"] == nil)
    }

    @Test("resume files: text and Markdown are read; PDF, binary, empty and missing files get a clear reason")
    func resumeFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jh-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.txt")
        try Data("  \n".utf8).write(to: empty)
        let binary = folder.appendingPathComponent("cv.txt")
        try Data([0xFF, 0x00, 0xFE]).write(to: binary)

        #expect(try ResumeFile.read(path: JobsFixtures.fixtures.appendingPathComponent("resumes/ada.md").path).filename == "ada.md")
        #expect(throws: ResumeFile.ReadError.unreadable("/tmp/no-such-cv.pdf")) { try ResumeFile.read(path: "/tmp/no-such-cv.pdf") }
        #expect(throws: ResumeFile.ReadError.empty(empty.path)) { try ResumeFile.read(path: empty.path) }
        #expect(throws: ResumeFile.ReadError.notText(binary.path)) { try ResumeFile.read(path: binary.path) }
        #expect(throws: ResumeFile.ReadError.unreadable("/no/cv.md")) { try ResumeFile.read(path: "/no/cv.md") }
    }
}
