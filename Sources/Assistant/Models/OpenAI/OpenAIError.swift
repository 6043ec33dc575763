import Foundation

/// What went wrong talking to an OpenAI-compatible service, in words a user can act on.
/// Messages from the server pass through `SecretRedactor` before they are kept.
package enum OpenAIError: Error, Equatable, CustomStringConvertible {
    case invalidAPIKey
    case forbidden(String)
    case modelNotFound(model: String, message: String)
    case badRequest(String)
    case quotaExceeded
    case rateLimited(String)
    case serviceUnavailable(status: Int)
    case connectionFailed(String)
    /// The TCP connection itself could not be opened (see `ConnectProbe`).
    case cannotConnect(url: String, reason: String)
    case timedOut(TimeoutKind, after: Duration)
    /// A 400 about the tools or the request's format: the server cannot do function calling as configured.
    case toolsRejected(String)
    case streamError(String)
    case malformedStream(String)
    case emptyStream
    case invalidConfiguration(String)

    package enum TimeoutKind: String, Sendable {
        case connect = "connecting"
        case firstByte = "waiting for the first token"
        case idle = "waiting for the next token"
        case total = "before the answer was complete"
    }

    package var description: String {
        switch self {
        case .invalidAPIKey: return "the model service rejected the API key (HTTP 401); check OPENAI_API_KEY"
        case .forbidden(let message): return "the model service refused the request (HTTP 403): \(message)"
        case .modelNotFound(let model, let message):
            return "the model \"\(model)\" was not found (HTTP 404)\(message.isEmpty ? "" : ": \(message)"); check --model"
        case .badRequest(let message): return "the model service rejected the request (HTTP 400): \(message)"
        case .quotaExceeded: return "the API account has no quota left (insufficient_quota); check your plan and billing"
        case .rateLimited(let message):
            return "rate limited by the model service; try again shortly\(message.isEmpty ? "" : " (\(message))")"
        case .serviceUnavailable(let status): return "the model service is unavailable (HTTP \(status)); try again shortly"
        case .connectionFailed(let reason): return "could not reach the model service: \(reason)"
        case .cannotConnect(let url, let reason):
            return "could not connect to the model server at \(url): \(reason); is it running? (--offline uses the built-in model)"
        case .timedOut(let kind, let after):
            let seconds = after.wholeSeconds
            switch kind {
            case .connect: return "could not connect to the model server within \(seconds) (--connect-timeout)"
            case .firstByte:
                return "connected to the model server, but no answer came within \(seconds); a server on a CPU may still be "
                    + "reading the prompt: raise --first-token-timeout, use a smaller model, or a smaller --context-tokens"
            case .idle: return "the model's answer stopped: nothing for \(seconds) after it began (--idle-timeout)"
            case .total: return "the model's answer took longer than \(seconds) in all (--model-timeout)"
            }
        case .toolsRejected(let message):
            return "the model server rejected the tools or the request format (HTTP 400): \(message); it needs a model and chat "
                + "format with function calling (llama-cpp-python: --chat_format chatml-function-calling)"
        case .streamError(let message): return "the model service reported an error: \(message)"
        case .malformedStream(let reason): return "the model service sent a malformed stream: \(reason)"
        case .emptyStream: return "the model server answered (HTTP 200) but sent nothing: no text, no tool call"
        case .invalidConfiguration(let reason): return "invalid model configuration: \(reason)"
        }
    }
}

/// Removes secrets from any text that may reach a log, an error or storage.
package struct SecretRedactor: Sendable {
    private let secrets: [String]

    package init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    package func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        // OpenAI echoes keys partly masked ("sk-abc***xyz"); anything key-shaped goes.
        return Self.maskKeyShapedWords(result)
    }

    private static func maskKeyShapedWords(_ text: String) -> String {
        guard text.contains("sk-") else { return text }
        var output = ""
        var word = ""
        func flush() {
            output += word.hasPrefix("sk-") && word.count > 8 ? "[redacted]" : word
            word = ""
        }
        for character in text {
            if character.isWhitespace || character == "\"" || character == "'" || character == "," || character == "." {
                flush()
                output.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return output
    }
}
