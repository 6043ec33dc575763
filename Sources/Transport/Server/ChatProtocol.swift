import Assistant
import Foundation

/// What a client may send on `/ws` (README "WebSocket protocol"): one JSON object per text message.
enum ClientMessage: Equatable, Sendable {
    case message(text: String)
    case cancel
    case history
    case resume(filename: String, content: Data)

    /// The message, or the sentence that tells the client what was wrong with it.
    static func decode(_ text: String) -> Result<ClientMessage, ChatProtocolError> {
        guard let data = text.data(using: .utf8), let wire = try? JSONDecoder().decode(Wire.self, from: data), let type = wire.type else {
            return .failure(.init(#"expected JSON like {"type": "message", "text": "…"}"#))
        }
        switch type {
        case "message":
            guard let body = wire.text, !body.trimmingCharacters(in: .whitespaces).isEmpty else {
                return .failure(.init(#"a message needs a non-empty "text""#))
            }
            return .success(.message(text: body))
        case "cancel": return .success(.cancel)
        case "history": return .success(.history)
        case "resume":
            guard let filename = wire.filename, !filename.isEmpty, let encoded = wire.contentBase64,
                let content = Data(base64Encoded: encoded), !content.isEmpty
            else {
                return .failure(.init(#"a resume needs "filename" and non-empty base64 "content_base64""#))
            }
            return .success(.resume(filename: filename, content: content))
        default:
            return .failure(.init("unknown message type \"\(type)\"; use message, resume, history or cancel"))
        }
    }

    /// The fields any client message may carry; which are needed depends on `type`. Values of the wrong JSON
    /// type read as missing, so the answer names the field instead of a decoding path.
    private struct Wire: Decodable {
        var type: String?
        var text: String?
        var filename: String?
        var contentBase64: String?

        enum CodingKeys: String, CodingKey {
            case type, text, filename
            case contentBase64 = "content_base64"
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            text = try? container.decodeIfPresent(String.self, forKey: .text)
            filename = try? container.decodeIfPresent(String.self, forKey: .filename)
            contentBase64 = try? container.decodeIfPresent(String.self, forKey: .contentBase64)
        }
    }
}

struct ChatProtocolError: Error, Equatable, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Everything the server sends on `/ws`. A turn's events carry the turn's number on this connection and an id
/// shared with the user's other connections, which get the same event marked `"origin": "other_connection"`
/// (and without the number, which is this connection's count).
enum ServerEvent: Equatable, Sendable, Encodable {
    case delta(String)
    case toolCall(name: String, arguments: String)
    case toolResult(name: String, failed: Bool)
    case notice(String)
    case final(String)
    /// A turn's failure, or (outside a turn) a refused or malformed request.
    case error(String)
    /// Another connection of the same user started a turn.
    case userMessage(String)
    case history([(role: String, text: String)])
    case resumeSaved(filename: String, text: String)

    static func == (lhs: ServerEvent, rhs: ServerEvent) -> Bool { lhs.json == rhs.json }

    /// Ends a turn for the connection that gets it.
    var endsTurn: Bool {
        switch self {
        case .final, .error: return true
        default: return false
        }
    }

    /// The event as sent. `turn` (this connection's turn count) and `turnID` are added to a turn's events;
    /// `relayed` marks the copy for the user's other connections.
    func json(turn: Int? = nil, turnID: String? = nil, relayed: Bool = false) -> JSONValue {
        var fields: [String: JSONValue]
        switch self {
        case .delta(let text): fields = ["type": "delta", "text": .string(text)]
        case .toolCall(let name, let arguments): fields = ["type": "tool_call", "name": .string(name), "arguments": .string(arguments)]
        case .toolResult(let name, let failed): fields = ["type": "tool_result", "name": .string(name), "failed": .bool(failed)]
        case .notice(let text): fields = ["type": "notice", "text": .string(text)]
        case .final(let text): fields = ["type": "final", "text": .string(text)]
        case .error(let message): fields = ["type": "error", "message": .string(message)]
        case .userMessage(let text): fields = ["type": "user_message", "text": .string(text)]
        case .history(let messages):
            fields = ["type": "history", "messages": .array(messages.map { ["role": .string($0.role), "text": .string($0.text)] })]
        case .resumeSaved(let filename, let text): fields = ["type": "resume_saved", "filename": .string(filename), "text": .string(text)]
        }
        if let turn, !relayed { fields["turn"] = .number(Double(turn)) }
        if let turnID { fields["turn_id"] = .string(turnID) }
        if relayed { fields["origin"] = "other_connection" }
        return .object(fields)
    }

    var json: JSONValue { json() }

    func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }
}
