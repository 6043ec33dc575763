import Assistant
import Foundation
import Logging
import Storage
import Tools
import Transport

/// The server's view of JobHunter: accounts, and one shared `Conversation` per user with the same engine,
/// tools and stores as the terminal.
final class LiveChatBackend: ChatBackend, @unchecked Sendable {
    // @unchecked Sendable: `lock` guards `conversations`; everything else is immutable.
    private let database: AppDatabase
    private let users: SQLiteUserStore
    private let engine: TurnEngine
    private let jobServices: JobServices
    private let hasher = PasswordHasher()
    private let lock = NSLock()
    private var conversations: [Int64: Conversation] = [:]

    init(databasePath: String, resourceRoot: URL, cache: GazetteerCache?, model: ModelOptions.Choice, catalog: ModelCatalog) throws {
        database = try AppDatabase(path: databasePath)
        users = SQLiteUserStore(database: database)
        let wiring = try LiveServices.engine(
            database: database, databasePath: databasePath, resourceRoot: resourceRoot, cache: cache, model: model,
            catalog: catalog, contextTokens: nil, liveJobs: false)
        engine = wiring.engine
        jobServices = wiring.jobServices
    }

    func register(name: String, password: String) async throws {
        let hash = try hasher.hash(password)
        guard try await users.register(name: name, passwordHash: hash) else { throw BackendError.exists }
    }

    func authenticate(name: String, password: String) async throws -> Int64? {
        guard let stored = try await users.credentials(name: name) else {
            // Same cost as a real check, so timing does not reveal which names exist.
            _ = hasher.verify(password, against: "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            return nil
        }
        return hasher.verify(password, against: stored.passwordHash) ? stored.user.id : nil
    }

    func conversation(userID: Int64) async throws -> Conversation {
        if let existing = lock.withLock({ conversations[userID] }) { return existing }
        let created = try await Conversation.open(
            userID: userID, userName: String(userID), store: SQLiteConversationStore(database: database),
            usage: SQLiteUsageStore(database: database), engine: engine)
        return lock.withLock {
            if let raced = conversations[userID] { return raced }
            conversations[userID] = created
            return created
        }
    }

    var toolSchemas: [ToolSchema] { engine.tools.schemas }

    func saveResume(userID: Int64, filename: String, content: Data) async throws -> String {
        try await jobServices.saveUploadedResume(filename: filename, content: content, userID: userID)
    }

    func databaseReachable() async -> Bool {
        await database.isReachable()
    }
}
