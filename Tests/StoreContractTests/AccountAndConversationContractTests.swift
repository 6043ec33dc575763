import Assistant
import Foundation
import Storage
import Testing

@Suite("Store contract: users, conversations, profiles, usage, auth")
struct AccountAndConversationContractTests {
    @Test("users: names are case-insensitive; registration never adopts a terminal user; set-password does", arguments: Backend.available)
    func users(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let ada = try await stores.users.user(named: "Ada")
        #expect(try await stores.users.user(named: "ada").id == ada.id)
        #expect(try await stores.users.credentials(name: "Ada") == nil, "no password yet")
        #expect(
            try await stores.users.register(name: "ADA", passwordHash: "hash-1") == false, "a terminal user's row is never claimed remotely"
        )
        #expect(try await stores.users.credentials(name: "ada") == nil)

        #expect(try await stores.users.setPassword(name: "aDa", passwordHash: "hash-2").id == ada.id, "the local command sets it")
        let credentials = try #require(try await stores.users.credentials(name: "ADA"))
        #expect(credentials.user.id == ada.id && credentials.passwordHash == "hash-2")

        #expect(try await stores.users.register(name: "bob", passwordHash: "hash-3"))
        #expect(try await stores.users.register(name: "BOB", passwordHash: "hash-4") == false, "taken")
        #expect(try await stores.users.credentials(name: "bob")?.passwordHash == "hash-3")
        #expect(try await stores.users.credentials(name: "bob")?.user.id != ada.id)
    }

    @Test("conversations: order, state and reset survive a reopen by another instance", arguments: Backend.available)
    func conversations(backend: Backend) async throws {
        let (stores, twin) = try await backend.makeStores()
        let user = try await stores.users.user(named: "ada")
        let first = try await stores.conversations.activeConversation(userID: user.id, recentMessageLimit: 50)
        #expect(first.messages.isEmpty)
        var state = ConversationState()
        state.mode = .interview(sessionID: "7")
        let call = ToolCall(id: "c1", name: "search_jobs", arguments: "{\"keywords\":\"swift\"}")
        try await stores.conversations.append([.user("find swift jobs")], state: ConversationState(), conversationID: first.id)
        try await stores.conversations.append(
            [
                .assistant("", toolCalls: [call]), .tool(call, content: "{}"),
                .assistant("Here are 3 jobs."),
            ], state: state, conversationID: first.id)
        let other = try await twin()
        let reopened = try await other.conversations.activeConversation(userID: user.id, recentMessageLimit: 50)
        #expect(reopened.id == first.id)
        #expect(reopened.messages.map(\.content) == ["find swift jobs", "", "{}", "Here are 3 jobs."])
        #expect(reopened.messages[1].toolCalls == [call])
        #expect(reopened.state.mode == .interview(sessionID: "7"))
        let fresh = try await other.conversations.startNewConversation(userID: user.id)
        #expect(fresh.id != first.id)
        #expect(try await stores.conversations.activeConversation(userID: user.id, recentMessageLimit: 50).messages.isEmpty)
    }

    @Test("conversations: two instances appending at once lose nothing and keep every round contiguous", arguments: Backend.available)
    func concurrentAppends(backend: Backend) async throws {
        let (stores, twin) = try await backend.makeStores()
        let other = try await twin()
        let user = try await stores.users.user(named: "ada")
        let id = try await stores.conversations.activeConversation(userID: user.id, recentMessageLimit: 10).id
        let rounds = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<rounds {
                let writer = round.isMultiple(of: 2) ? stores.conversations : other.conversations
                group.addTask {
                    try await writer.append(
                        [.user("r\(round) a"), .assistant("r\(round) b"), .assistant("r\(round) c")], state: ConversationState(),
                        conversationID: id)
                }
            }
            try await group.waitForAll()
        }
        let stored = try await stores.conversations.activeConversation(userID: user.id, recentMessageLimit: 1_000).messages
        #expect(stored.count == rounds * 3)
        for start in stride(from: 0, to: stored.count, by: 3) {
            let round = stored[start].content.dropLast(2)
            #expect(stored[start + 1].content == round + " b" && stored[start + 2].content == round + " c", "round \(round) interleaved")
        }
        #expect(Set(stored.map(\.content)).count == rounds * 3)
    }

    @Test("profiles: concurrent updates from two instances are all kept", arguments: Backend.available)
    func profiles(backend: Backend) async throws {
        let (stores, twin) = try await backend.makeStores()
        let other = try await twin()
        let user = try await stores.users.user(named: "ada")
        #expect(try await stores.profiles.profile(userID: user.id).isEmpty)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                let profiles = index.isMultiple(of: 2) ? stores.profiles : other.profiles
                group.addTask { _ = try await profiles.update(userID: user.id) { $0.skills.append("skill\(index)") } }
            }
            try await group.waitForAll()
        }
        let profile = try await other.profiles.profile(userID: user.id)
        #expect(Set(profile.skills) == Set((0..<20).map { "skill\($0)" }))
        var replaced = UserProfile(name: "Ada", targetRoles: ["Data Engineer"], remotePreference: .remote, salaryFloor: 120_000)
        try await stores.profiles.save(replaced, userID: user.id)
        replaced.skills = []
        #expect(try await other.profiles.profile(userID: user.id) == replaced)
    }

    @Test("usage: totals per model, all time and since a date", arguments: Backend.available)
    func usage(backend: Backend) async throws {
        let clock = SteppingClock(start: Date(timeIntervalSince1970: 1_700_000_000), step: 3_600)
        let stores = try await backend.makeStores(clock: clock.wallClock).stores
        let user = try await stores.users.user(named: "ada")
        try await stores.usage.record(userID: user.id, model: "gpt-a", usage: TokenUsage(promptTokens: 100, completionTokens: 10))
        try await stores.usage.record(userID: user.id, model: "gpt-a", usage: TokenUsage(promptTokens: 50, completionTokens: 5))
        try await stores.usage.record(userID: user.id, model: "gpt-b", usage: TokenUsage(promptTokens: 7, completionTokens: 1))
        let all = try await stores.usage.totals(userID: user.id, since: nil)
        #expect(
            all == [
                UsageTotal(model: "gpt-a", requests: 2, promptTokens: 150, completionTokens: 15),
                UsageTotal(model: "gpt-b", requests: 1, promptTokens: 7, completionTokens: 1),
            ])
        let recent = try await stores.usage.totals(userID: user.id, since: Date(timeIntervalSince1970: 1_700_000_000 + 9_000))
        #expect(recent.map(\.model) == ["gpt-b"])
    }

    @Test("auth: failed logins throttle by name and address across instances; logout revokes everywhere", arguments: Backend.available)
    func auth(backend: Backend) async throws {
        let (stores, twin) = try await backend.makeStores()
        let other = try await twin()
        let limits = LoginLimits(perUsername: 3, perAddress: 5, window: 60)
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        for second in 0..<3 {
            let instance = second.isMultiple(of: 2) ? stores.auth : other.auth
            try await instance.recordLoginFailure(
                username: "Ada", address: "10.0.0.1", now: start.addingTimeInterval(Double(second)), limits: limits)
        }
        #expect(
            try await other.auth.loginRetryAfter(username: "ada", address: "10.0.0.9", now: start.addingTimeInterval(5), limits: limits)
                == 55)
        #expect(
            try await stores.auth.loginRetryAfter(username: "bob", address: "10.0.0.9", now: start.addingTimeInterval(5), limits: limits)
                == nil)
        #expect(
            try await stores.auth.loginRetryAfter(username: "ada", address: "10.0.0.9", now: start.addingTimeInterval(61), limits: limits)
                == nil)
        for index in 0..<5 {
            try await stores.auth.recordLoginFailure(username: "x\(index)", address: "10.0.0.2", now: start, limits: limits)
        }
        #expect(
            try await other.auth.loginRetryAfter(username: "carol", address: "10.0.0.2", now: start.addingTimeInterval(1), limits: limits)
                != nil)
        try await stores.auth.recordLoginFailure(username: "dee", address: "10.0.0.3", now: start, limits: limits)
        try await other.auth.recordLoginSuccess(username: "DEE")
        #expect(try await stores.auth.loginRetryAfter(username: "dee", address: "10.0.0.3", now: start, limits: limits) == nil)

        try await stores.auth.revoke(tokenID: "jti-1", expiresAt: start.addingTimeInterval(3_600))
        #expect(try await other.auth.isRevoked(tokenID: "jti-1", now: start))
        #expect(try await other.auth.isRevoked(tokenID: "jti-2", now: start) == false)
        #expect(
            try await other.auth.isRevoked(tokenID: "jti-1", now: start.addingTimeInterval(7_200)) == false, "expired tokens need no entry")

        let secret = try await stores.auth.sharedSecret(named: "jwt") { Array(repeating: 7, count: 32) }
        let seenByOther = try await other.auth.sharedSecret(named: "jwt") { Array(repeating: 9, count: 32) }
        #expect(secret == Array(repeating: 7, count: 32))
        #expect(seenByOther == secret, "the first instance's secret wins; the second reads it")
    }
}

/// A wall clock that moves `step` seconds on every reading, so rows get distinct, known timestamps.
final class SteppingClock: @unchecked Sendable {
    // @unchecked Sendable: `lock` guards `current`.
    private let lock = NSLock()
    private var current: Date
    private let step: TimeInterval

    init(start: Date, step: TimeInterval) {
        current = start
        self.step = step
    }

    var wallClock: WallClock {
        WallClock { [self] in
            lock.withLock {
                defer { current = current.addingTimeInterval(step) }
                return current
            }
        }
    }
}

@Suite("Store contract: conversation revisions")
struct ConversationRevisionContractTests {
    @Test("the revision moves with every append, from any instance, and with a reset", arguments: Backend.available)
    func revisions(backend: Backend) async throws {
        let (stores, twin) = try await backend.makeStores()
        let other = try await twin()
        let user = try await stores.users.user(named: "ada")
        #expect(try await stores.conversations.revision(userID: user.id) == nil, "no conversation yet")
        let opened = try await stores.conversations.activeConversation(userID: user.id, recentMessageLimit: 2)
        #expect(try await other.conversations.revision(userID: user.id) == opened.revision)
        #expect(
            try await stores.conversations.append([.user("a"), .assistant("b")], state: ConversationState(), conversationID: opened.id) == 2
        )
        #expect(try await other.conversations.append([.user("c")], state: ConversationState(), conversationID: opened.id) == 3)
        #expect(
            try await stores.conversations.revision(userID: user.id) == ConversationRevision(conversationID: opened.id, messageCount: 3))
        let reloaded = try await stores.conversations.activeConversation(userID: user.id, recentMessageLimit: 2)
        #expect(reloaded.messageCount == 3 && reloaded.messages.count <= 2, "the count is of all messages, not of the loaded ones")
        let fresh = try await other.conversations.startNewConversation(userID: user.id)
        #expect(try await stores.conversations.revision(userID: user.id) == ConversationRevision(conversationID: fresh.id, messageCount: 0))
    }
}
