import Assistant
import Foundation

/// What the server needs from the rest of JobHunter; the executable wires the live stores behind it.
package protocol ChatBackend: Sendable {
    /// Creates an account; throws `BackendError.exists` when the name is taken.
    func register(name: String, password: String) async throws
    /// The user id for valid credentials, nil otherwise.
    func authenticate(name: String, password: String) async throws -> Int64?
    /// The user's conversation; one actor per user, shared by all of that user's connections.
    func conversation(userID: Int64) async throws -> Conversation
    func databaseReachable() async -> Bool
    /// "sqlite" or "postgresql", for /health.
    var databaseBackend: String { get }
    /// Reads an uploaded resume file (text, Markdown, JSON Resume, DOCX or PDF) and makes it the user's
    /// current resume; returns a summary to show, or throws an error whose description is for the user.
    func saveResume(userID: Int64, filename: String, content: Data) async throws -> String
    /// One of the user's exported files (`/exports/{name}` in a tool's reply), nil when it is not theirs or gone.
    func exportFile(userID: Int64, name: String) async -> Data?
    /// The tools the REST mirrors may call, with their argument schemas (for /openapi.json).
    var toolSchemas: [ToolSchema] { get }
}

package enum BackendError: Error, Equatable {
    case exists
}
