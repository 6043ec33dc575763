import Assistant
import Foundation
import Synchronization

/// A `StreamingHTTPTransport` that plays back scripted responses and records every request.
package final class ScriptedTransport: StreamingHTTPTransport, Sendable {
    package enum Ending: Sendable {
        case finish
        case fail(TransportError)
        /// Never ends, never sends more: a stalled server.
        case stall
    }

    package enum Reply: Sendable {
        case response(status: Int, headers: [String: String] = [:], chunks: [String], ending: Ending = .finish)
        case noResponse(TransportError)
    }

    private let state: Mutex<(replies: [Reply], requests: [HTTPRequest])>

    package init(_ replies: [Reply]) {
        state = Mutex((replies, []))
    }

    package var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// The JSON bodies of the requests sent so far.
    package var requestBodies: [JSONValue] {
        requests.compactMap { try? JSONDecoder().decode(JSONValue.self, from: $0.body) }
    }

    package func send(_ request: HTTPRequest, timeout: Duration) async throws -> StreamingHTTPResponse {
        let reply = state.withLock { state -> Reply in
            state.requests.append(request)
            return state.replies.isEmpty ? .noResponse(.connectionFailed("script exhausted")) : state.replies.removeFirst()
        }
        switch reply {
        case .noResponse(let error):
            throw error
        case .response(let status, let headers, let chunks, let ending):
            let body = AsyncThrowingStream<[UInt8], Error> { continuation in
                for chunk in chunks { continuation.yield(Array(chunk.utf8)) }
                switch ending {
                case .finish: continuation.finish()
                case .fail(let error): continuation.finish(throwing: error)
                case .stall: break
                }
            }
            return StreamingHTTPResponse(head: HTTPResponseHead(status: status, headers: headers), body: body)
        }
    }

    /// SSE chunks for a streamed text answer, in pieces, with usage and [DONE].
    package static func textStream(_ pieces: [String], promptTokens: Int = 10, completionTokens: Int = 5) -> [String] {
        pieces.map { piece in
            "data: " + (["choices": [["index": 0, "delta": ["content": .string(piece)]]]] as JSONValue).jsonText + "\n\n"
        } + [
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":\(promptTokens),\"completion_tokens\":\(completionTokens)}}\n\n",
            "data: [DONE]\n\n",
        ]
    }
}
