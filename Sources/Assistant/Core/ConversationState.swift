import Foundation

/// What a conversation is doing right now; it changes how user messages are routed.
package enum ConversationMode: Codable, Sendable, Equatable {
    case normal
    /// A mock interview is running; user messages are answers unless they are clearly commands.
    case interview(sessionID: String)

    package var isInterview: Bool {
        if case .interview = self { return true }
        return false
    }
}

/// Something a tool showed the user that they may point back to: "the second one", "that job".
package struct ResultReference: Codable, Sendable, Equatable {
    package var kind: String
    package var id: String
    package var title: String

    package init(kind: String, id: String, title: String) {
        self.kind = kind
        self.id = id
        self.title = title
    }
}

/// The dialogue state kept per user beside the message history, persisted with it.
package struct ConversationState: Codable, Sendable, Equatable {
    package var mode: ConversationMode
    /// The numbered results of the last listing, in the order the user saw them.
    package var lastResults: [ResultReference]
    /// The result the user last focused on ("that job"), as a 0-based index into `lastResults`.
    package var focusedResult: Int?
    /// A rolling summary of turns trimmed from the model's context.
    package var summary: String?

    package init(
        mode: ConversationMode = .normal, lastResults: [ResultReference] = [], focusedResult: Int? = nil,
        summary: String? = nil
    ) {
        self.mode = mode
        self.lastResults = lastResults
        self.focusedResult = focusedResult
        self.summary = summary
    }

    /// Resolves a user's reference: a 1-based position, "last" (the final item) or "current" (the focus).
    package func resolve(reference: JobReference) -> ResultReference? {
        switch reference {
        case .position(let position):
            guard position >= 1, position <= lastResults.count else { return nil }
            return lastResults[position - 1]
        case .last:
            return lastResults.last
        case .current:
            if let focus = focusedResult, lastResults.indices.contains(focus) { return lastResults[focus] }
            return lastResults.count == 1 ? lastResults[0] : nil
        }
    }
}

/// How a user points at an earlier result: by number, "the last one", or "that one".
package enum JobReference: Sendable, Equatable, Codable {
    case position(Int)
    case last
    case current

    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let position = try? container.decode(Int.self) {
            self = .position(position)
            return
        }
        let word = try container.decode(String.self).lowercased()
        switch word {
        case "last": self = .last
        case "current", "that", "this", "it": self = .current
        default:
            guard let position = Int(word) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a position, \"last\" or \"current\"")
            }
            self = .position(position)
        }
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .position(let position): try container.encode(position)
        case .last: try container.encode("last")
        case .current: try container.encode("current")
        }
    }
}
