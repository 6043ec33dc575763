import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing

/// A fresh folder per test, removed afterwards.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    var databasePath: String { url.appendingPathComponent("jobhunter.sqlite").path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

@Suite("SQLite storage")
struct StorageTests {
    let clock = WallClock.fixed(Date(timeIntervalSince1970: 1_700_000_000))

    @Test("a new database gets every migration in WAL mode")
    func migrations() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase(path: folder.databasePath)

        #expect(
            try await database.appliedMigrations() == [
                "v1-users-conversations-profiles", "v10-auth-state", "v11-profile-details", "v12-job-occupations", "v13-place-words",
                "v14-description-fingerprints", "v15-conversation-message-count", "v16-job-words-and-count", "v2-usage", "v3-jobs",
                "v4-applications", "v5-source-runs", "v6-resumes-cover-letters", "v7-interviews", "v8-parsed-resumes", "v9-passwords",
            ])
        let tables = try await database.tableNames()
        for table in ["users", "conversations", "messages", "profiles", "usage", "jobs", "jobs_fts"] { #expect(tables.contains(table)) }
        #expect(FileManager.default.fileExists(atPath: folder.databasePath + "-wal"))
    }

    @Test("messages, state and profile survive closing and reopening the file")
    func persistence() async throws {
        let folder = try TemporaryFolder()
        let call = ToolCall(id: "c1", name: "get_profile", arguments: "{}")
        let state = ConversationState(lastResults: [ResultReference(kind: "job", id: "9", title: "SRE")], focusedResult: 0)
        do {
            let database = try AppDatabase(path: folder.databasePath)
            let user = try await SQLiteUserStore(database: database, clock: clock).user(named: "Ada")
            let store = SQLiteConversationStore(database: database, clock: clock)
            let conversation = try await store.activeConversation(userID: user.id, recentMessageLimit: 50)
            try await store.append(
                [.user("hi"), .assistant("", toolCalls: [call]), .tool(call, content: "{}"), .assistant("Hello")],
                state: state, conversationID: conversation.id)
            try await SQLiteProfileStore(database: database, clock: clock)
                .save(UserProfile(name: "Ada", skills: ["Rust"], yearsExperience: 6), userID: user.id)
        }

        let reopened = try AppDatabase(path: folder.databasePath)
        let user = try await SQLiteUserStore(database: reopened, clock: clock).user(named: "ada")
        let conversation = try await SQLiteConversationStore(database: reopened, clock: clock)
            .activeConversation(userID: user.id, recentMessageLimit: 50)
        #expect(conversation.messages.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(conversation.messages[1].toolCalls == [call])
        #expect(conversation.messages[2].toolCallID == "c1")
        #expect(conversation.state == state)
        let profile = try await SQLiteProfileStore(database: reopened, clock: clock).profile(userID: user.id)
        #expect(profile == UserProfile(name: "Ada", skills: ["Rust"], yearsExperience: 6))
    }

    @Test("loading recent messages never starts in the middle of a tool exchange")
    func recentWindow() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase(path: folder.databasePath)
        let store = SQLiteConversationStore(database: database, clock: clock)
        let user = try await SQLiteUserStore(database: database, clock: clock).user(named: "bo")
        let id = try await store.activeConversation(userID: user.id, recentMessageLimit: 10).id
        let call = ToolCall(id: "c", name: "x", arguments: "{}")
        for round in 0..<5 {
            try await store.append(
                [.user("q\(round)"), .assistant("", toolCalls: [call]), .tool(call, content: "{}"), .assistant("a\(round)")],
                state: ConversationState(), conversationID: id)
        }

        let loaded = try await store.activeConversation(userID: user.id, recentMessageLimit: 6)

        #expect(loaded.messages.first == .user("q4"))
        #expect(loaded.messages.count == 4)
    }

    @Test("reset archives the conversation and starts an empty one")
    func reset() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase(path: folder.databasePath)
        let store = SQLiteConversationStore(database: database, clock: clock)
        let user = try await SQLiteUserStore(database: database, clock: clock).user(named: "cy")
        let first = try await store.activeConversation(userID: user.id, recentMessageLimit: 10)
        try await store.append([.user("old")], state: ConversationState(), conversationID: first.id)

        let fresh = try await store.startNewConversation(userID: user.id)

        #expect(fresh.id != first.id)
        #expect(try await store.activeConversation(userID: user.id, recentMessageLimit: 10).messages.isEmpty)
        #expect(try await store.conversationCount(userID: user.id) == 2)
    }

    @Test("a file that is not a database is reported and left byte for byte unchanged")
    func corruptFile() throws {
        let folder = try TemporaryFolder()
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        FileManager.default.createFile(atPath: folder.databasePath, contents: garbage)

        #expect(throws: StorageError.notADatabase(folder.databasePath)) { try AppDatabase(path: folder.databasePath) }
        #expect(FileManager.default.contents(atPath: folder.databasePath) == garbage)
    }

    @Test("a database path in a missing folder is refused with the folder's name")
    func missingFolder() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("nope/db.sqlite").path
        #expect(throws: StorageError.missingFolder(folder.url.appendingPathComponent("nope").path)) {
            try AppDatabase(path: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a read-only database file is refused", .enabled(if: getuid() != 0, "root can write any file"))
    func readOnly() throws {
        let folder = try TemporaryFolder()
        _ = try AppDatabase(path: folder.databasePath)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: folder.databasePath)
        #expect(throws: StorageError.readOnly(folder.databasePath)) { try AppDatabase(path: folder.databasePath) }
    }

    @Test("concurrent profile updates are all kept")
    func concurrentUpdates() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase(path: folder.databasePath)
        let profiles = SQLiteProfileStore(database: database, clock: clock)
        let user = try await SQLiteUserStore(database: database, clock: clock).user(named: "dee")

        await withTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { _ = try? await profiles.update(userID: user.id) { $0.skills.append("skill\(index)") } }
            }
        }

        #expect(try await profiles.profile(userID: user.id).skills.count == 20)
    }

    @Test("user names are matched case-insensitively")
    func userNames() async throws {
        let folder = try TemporaryFolder()
        let users = SQLiteUserStore(database: try AppDatabase(path: folder.databasePath), clock: clock)
        let first = try await users.user(named: "Ada")
        #expect(try await users.user(named: "ADA").id == first.id)
        #expect(try await users.user(named: "Bob").id != first.id)
    }
}

@Suite("SQLite usage store")
struct UsageStoreTests {
    @Test("usage is summed per model and can be limited to a period")
    func totals() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase(path: folder.databasePath)
        let user = try await SQLiteUserStore(database: database).user(named: "u")
        let old = SQLiteUsageStore(database: database, clock: .fixed(Date(timeIntervalSince1970: 1_000)))
        let new = SQLiteUsageStore(database: database, clock: .fixed(Date(timeIntervalSince1970: 9_000)))
        try await old.record(userID: user.id, model: "gpt-4o", usage: TokenUsage(promptTokens: 100, completionTokens: 10))
        try await new.record(userID: user.id, model: "gpt-4o", usage: TokenUsage(promptTokens: 50, completionTokens: 5))
        try await new.record(userID: user.id, model: "llama3", usage: TokenUsage(promptTokens: 7, completionTokens: 3))

        #expect(
            try await new.totals(userID: user.id, since: nil) == [
                UsageTotal(model: "gpt-4o", requests: 2, promptTokens: 150, completionTokens: 15),
                UsageTotal(model: "llama3", requests: 1, promptTokens: 7, completionTokens: 3),
            ])
        #expect(try await new.totals(userID: user.id, since: Date(timeIntervalSince1970: 5_000)).first?.promptTokens == 50)
        #expect(try await new.totals(userID: user.id + 1, since: nil).isEmpty)
    }
}
