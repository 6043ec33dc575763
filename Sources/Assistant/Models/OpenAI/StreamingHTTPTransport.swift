import Foundation

package struct HTTPRequest: Sendable {
    package var url: URL
    package var method: String
    package var headers: [String: String]
    package var body: Data

    package init(url: URL, method: String = "POST", headers: [String: String] = [:], body: Data = Data()) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

package struct HTTPResponseHead: Sendable, Equatable {
    package var status: Int
    /// Header names lower-cased.
    package var headers: [String: String]

    package init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A response whose body arrives in pieces, as the server sends them.
package struct StreamingHTTPResponse: Sendable {
    package var head: HTTPResponseHead
    package var body: AsyncThrowingStream<[UInt8], Error>

    package init(head: HTTPResponseHead, body: AsyncThrowingStream<[UInt8], Error>) {
        self.head = head
        self.body = body
    }
}

/// Failures below HTTP: nothing was received, or the connection broke.
package enum TransportError: Error, Equatable, CustomStringConvertible {
    case connectionFailed(String)
    case timedOut

    package var description: String {
        switch self {
        case .connectionFailed(let reason): return reason
        case .timedOut: return "timed out"
        }
    }
}

/// Sends one HTTP request and streams its response body. The live implementation is
/// `URLSessionTransport`; tests inject scripted ones.
package protocol StreamingHTTPTransport: Sendable {
    /// Returns once the response head has arrived; throws `TransportError` when no response came.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> StreamingHTTPResponse
}
