import Assistant
import Foundation
import Logging
import Storage
import Synchronization
import Tools
import Transport

/// The server's view of JobHunter: accounts, and one shared `Conversation` per user with the same engine,
/// tools and stores as the terminal.
final class LiveChatBackend: ChatBackend, Sendable {
    private let stores: Stores
    private let engine: TurnEngine
    private let jobServices: JobServices
    private let hasher = PasswordHasher()
    private let exports: ExportFiles
    private let uploads = UploadGate()
    private let conversations = Mutex<[Int64: Conversation]>([:])

    /// Refreshes from the job boards that searches trigger, with `--live-jobs`; drained at shutdown.
    let background: BackgroundRefresh?

    init(
        stores: Stores, exportDirectory: URL, resourceRoot: URL, cache: GazetteerCache?, model: ModelOptions.Choice, catalog: ModelCatalog,
        contextTokens: Int?, liveJobs: Bool
    ) throws {
        self.stores = stores
        let wiring = try LiveServices.engine(
            stores: stores, fileAccess: .server(exports: exportDirectory), resourceRoot: resourceRoot, cache: cache, model: model,
            catalog: catalog, contextTokens: contextTokens, liveJobs: liveJobs)
        engine = wiring.engine
        background = wiring.background
        if let note = wiring.startupNote { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        jobServices = wiring.jobServices
        exports = FileAccess.server(exports: exportDirectory).exports
    }

    func register(name: String, password: String) async throws {
        let hasher = self.hasher
        let hash = try await BlockingWork.run { try hasher.hash(password) }
        guard try await stores.users.register(name: name, passwordHash: hash) else { throw BackendError.exists }
    }

    func authenticate(name: String, password: String) async throws -> Int64? {
        let hasher = self.hasher
        guard let stored = try await stores.users.credentials(name: name) else {
            // Same cost as a real check, so timing does not reveal which names exist.
            _ = await BlockingWork.run { hasher.verify(password, against: Self.decoyHash) }
            return nil
        }
        let hash = stored.passwordHash
        return await BlockingWork.run { hasher.verify(password, against: hash) } ? stored.user.id : nil
    }

    private static let decoyHash = "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    /// One actor per user on this instance. It reads the stored conversation at the start of every turn, so turns
    /// taken through other instances are part of the history.
    func conversation(userID: Int64) async throws -> Conversation {
        if let existing = conversations.withLock({ $0[userID] }) { return existing }
        let created = try await Conversation.open(
            userID: userID, store: stores.conversations, usage: stores.usage, engine: engine)
        return conversations.withLock { conversations in
            if let raced = conversations[userID] { return raced }
            conversations[userID] = created
            return created
        }
    }

    var toolSchemas: [ToolSchema] { engine.tools.schemas }

    var databaseBackend: String { stores.backend }

    func saveResume(userID: Int64, filename: String, content: Data) async throws -> String {
        try await uploads.run(userID: userID) {
            try await jobServices.saveUploadedResume(filename: filename, content: content, userID: userID)
        }
    }

    func exportFile(userID: Int64, name: String) async -> Data? {
        let exports = self.exports
        return await BlockingWork.run { exports.read(userID: userID, name: name) }
    }

    func databaseReachable() async -> Bool {
        await stores.isReachable()
    }
}
