import Foundation

public struct HTTPRequest: Sendable {
    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Data

    public init(url: URL, method: String = "POST", headers: [String: String] = [:], body: Data = Data()) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]

    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A response whose body arrives in pieces, as the server sends them.
public struct StreamingHTTPResponse: Sendable {
    public var head: HTTPResponseHead
    public var body: AsyncThrowingStream<[UInt8], Error>

    public init(head: HTTPResponseHead, body: AsyncThrowingStream<[UInt8], Error>) {
        self.head = head
        self.body = body
    }
}

/// Failures below HTTP: nothing was received, or the connection broke.
public enum TransportError: Error, Equatable, CustomStringConvertible {
    case connectionFailed(String)
    case timedOut

    public var description: String {
        switch self {
        case .connectionFailed(let reason): return reason
        case .timedOut: return "timed out"
        }
    }
}

/// Sends one HTTP request and streams its response body. The live implementation is
/// `URLSessionTransport`; tests inject scripted ones.
public protocol StreamingHTTPTransport: Sendable {
    /// Returns once the response head has arrived; throws `TransportError` when no response came.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> StreamingHTTPResponse
}
