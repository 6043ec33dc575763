import Assistant
import Foundation
import Logging
import SQLiteStorage
import Storage
import Testing
import Tools

@Suite("Profile tools")
struct ProfileToolsTests {
    let folder: URL
    let profiles: SQLiteProfileStore
    let context: ToolContext

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jh-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try AppDatabase(path: folder.appendingPathComponent("t.sqlite").path)
        profiles = SQLiteProfileStore(database: database)
        let user = try await SQLiteUserStore(database: database).user(named: "ada")
        context = ToolContext(
            userID: user.id, state: ConversationState(), clock: .system, logger: Logger(label: "test"))
    }

    @Test("update_profile adds and removes list items case-insensitively and reports each change")
    func editsLists() async throws {
        let tool = UpdateProfileTool(profiles: profiles)
        _ = try await tool.call(arguments: #"{"add_skills":["Rust","Go"]}"#, context: context)

        let output = try await tool.call(arguments: #"{"add_skills":["rust","Swift"],"remove_skills":["GO"]}"#, context: context)

        #expect(try await profiles.profile(userID: context.userID).skills == ["Rust", "Swift"])
        #expect(output.content["changes"] == ["added skills: Swift", "removed skills: Go"])
    }

    @Test("update_profile sets scalar fields and says nothing changed when they already match")
    func scalars() async throws {
        let tool = UpdateProfileTool(profiles: profiles)
        let arguments = #"{"name":"Ada","remote_preference":"REMOTE","salary_floor":120000,"years_experience":6}"#
        _ = try await tool.call(arguments: arguments, context: context)
        let again = try await tool.call(arguments: arguments, context: context)

        let profile = try await profiles.profile(userID: context.userID)
        #expect(profile.name == "Ada")
        #expect(profile.remotePreference == .remote)
        #expect(profile.salaryFloor == 120_000)
        #expect(again.content["changes"] == [])
    }

    @Test(
        "invalid update_profile arguments are rejected with the field named and nothing is stored",
        arguments: [
            (#"{"salary_floor":-5}"#, "salary_floor"),
            (#"{"remote_preference":"moon"}"#, "remote_preference"),
            (#"{"years_experience":200}"#, "years_experience"),
            (#"{"add_skills":"Rust"}"#, "add_skills"),
            (#"{"name":""}"#, "name"),
            (#"{"add_skills":["ok", "  "]}"#, "add_skills"),
            ("not json", "not valid JSON"),
        ])
    func rejectsBadArguments(arguments: String, field: String) async throws {
        let tool = UpdateProfileTool(profiles: profiles)
        do {
            _ = try await tool.call(arguments: arguments, context: context)
            Issue.record("accepted \(arguments)")
        } catch let error as ToolError {
            #expect(error.description.contains(field), "\(error)")
        }
        #expect(try await profiles.profile(userID: context.userID).isEmpty)
    }

    @Test("get_profile says when the profile is empty, then returns what was saved")
    func getProfile() async throws {
        let tool = GetProfileTool(profiles: profiles)
        #expect(try await tool.call(arguments: "", context: context).content["is_empty"] == true)

        try await profiles.save(UserProfile(name: "Ada", salaryFloor: 90_000, salaryCurrency: "EUR"), userID: context.userID)
        let output = try await tool.call(arguments: "{}", context: context)

        #expect(output.content["is_empty"] == false)
        #expect(output.content["profile"]?["salary_floor_text"] == "90,000 EUR")
    }

    @Test("one set of services registers every tool the local model routes to, whatever the surface")
    func catalog() async throws {
        let database = try AppDatabase(path: folder.appendingPathComponent("t.sqlite").path)
        let expected: Set<String> = [
            "search_jobs", "recommend_jobs", "analyze_resume", "optimize_resume", "write_cover_letter", "job_details",
            "start_mock_interview", "answer_interview", "end_interview", "interview_prep", "interview_history", "career_advice",
            "market_insights", "get_profile", "update_profile", "track_application", "list_applications",
        ]
        for access in [FileAccess.terminal(exports: folder), .server(exports: folder)] {
            let registry = ToolCatalog.standard(try await JobsFixtures.services(database, fileAccess: access))
            #expect(Set(registry.names) == expected)
        }
        let registry = ToolCatalog.standard(try await JobsFixtures.services(database))
        let result = await registry.run(ToolCall(id: "1", name: "search_jobs", arguments: "{}"), context: context)
        #expect(!result.failed, "a real search, not a placeholder: \(result.output.content)")
        #expect(result.output.content["empty_index"] == true)
    }
}

@Suite("Profile tools, empty requests")
struct EmptyProfileUpdateTests {
    @Test("update_profile with no fields says what it needs instead of claiming nothing changed")
    func emptyUpdate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jh-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase(path: folder.appendingPathComponent("t.sqlite").path)
        let context = ToolContext(
            userID: 1, state: ConversationState(), clock: .system, logger: Logger(label: "t"))
        _ = try await SQLiteUserStore(database: database).user(named: "x")

        await #expect(throws: ToolError.self) {
            try await UpdateProfileTool(profiles: SQLiteProfileStore(database: database)).call(arguments: "{}", context: context)
        }
    }
}
