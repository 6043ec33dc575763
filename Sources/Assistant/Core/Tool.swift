import Foundation
import Logging

/// A capability the model can call. Tools get their stores at construction; the context says who
/// is asking, so a tool never takes a user id from model arguments.
package protocol Tool: Sendable {
    var name: String { get }
    var description: String { get }
    /// JSON Schema of the arguments object.
    var parameters: JSONValue { get }
    func call(arguments: String, context: ToolContext) async throws -> ToolOutput
}

extension Tool {
    package var schema: ToolSchema { ToolSchema(name: name, description: description, parameters: parameters) }

    /// Decodes raw JSON arguments into the tool's own argument type, with an error the model can act on.
    package func decodeArguments<Arguments: Decodable>(_ type: Arguments.Type, from text: String) throws -> Arguments {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let data = Data((trimmed.isEmpty ? "{}" : trimmed).utf8)
        do {
            return try JSONDecoder().decode(Arguments.self, from: data)
        } catch let error as DecodingError {
            throw ToolError.invalidArguments(tool: name, reason: error.shortDescription)
        }
    }
}

/// Who is asking and with what dialogue state; handed to every tool call.
package struct ToolContext: Sendable {
    package var userID: Int64
    package var state: ConversationState
    package var clock: WallClock
    package var logger: Logger
    /// The active model as a prose writer; nil offline.
    package var writer: (any TextWriter)?

    package init(
        userID: Int64, state: ConversationState, clock: WallClock, logger: Logger,
        writer: (any TextWriter)? = nil
    ) {
        self.userID = userID
        self.state = state
        self.clock = clock
        self.logger = logger
        self.writer = writer
    }
}

/// A tool's answer: JSON for the model plus optional changes to the dialogue state.
package struct ToolOutput: Sendable, Equatable {
    package var content: JSONValue
    /// New numbered results the user may refer back to; nil leaves the previous ones.
    package var references: [ResultReference]?
    /// The result the user is now focused on (0-based into the current results).
    package var focus: Int?
    /// A new conversation mode (entering or leaving a mock interview); nil keeps the mode.
    package var mode: ConversationMode?

    package init(
        content: JSONValue, references: [ResultReference]? = nil, focus: Int? = nil, mode: ConversationMode? = nil
    ) {
        self.content = content
        self.references = references
        self.focus = focus
        self.mode = mode
    }
}

/// Errors a tool reports; the engine returns them to the model as the tool's result.
package enum ToolError: Error, Equatable, CustomStringConvertible {
    case unknownTool(String)
    case invalidArguments(tool: String, reason: String)
    case notAvailableYet(tool: String, reason: String)
    case failed(String)

    package var description: String {
        switch self {
        case .unknownTool(let name): return "There is no tool named \(name)."
        case .invalidArguments(let tool, let reason): return "The arguments for \(tool) are invalid: \(reason)"
        case .notAvailableYet(let tool, let reason): return "\(tool) is not available yet: \(reason)"
        case .failed(let message): return message
        }
    }

    var code: String {
        switch self {
        case .unknownTool: return "unknown_tool"
        case .invalidArguments: return "invalid_arguments"
        case .notAvailableYet: return "not_available"
        case .failed: return "failed"
        }
    }
}

extension DecodingError {
    /// One line naming the field and what was wrong with it, without Swift type noise.
    var shortDescription: String {
        func path(_ context: Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the arguments" : keys.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case .typeMismatch(let type, let context): return "\(path(context)) should be \(Self.jsonName(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) should be \(Self.jsonName(type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "not valid"
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return type is any Collection.Type ? "a list" : "an object"
        }
    }
}
