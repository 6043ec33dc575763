import Assistant
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One complete HTTP request as the router sees it: no channel, so routes and middleware are tested without sockets.
package struct ServerRequest: Sendable {
    package var method: HTTPMethod
    package var version: HTTPVersion
    /// The path without its query: what routing and the log see.
    package var path: String
    /// The raw query after `?`, which may carry arguments and so is never logged.
    package var query: String?
    package var headers: HTTPHeaders
    package var body: String

    package init(method: HTTPMethod, uri: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:], body: String = "") {
        self.method = method
        self.version = version
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = parts.first.map(String.init) ?? uri
        query = parts.count > 1 ? String(parts[1]) : nil
        self.headers = headers
        self.body = body
    }

    /// "METHOD /path", for the log.
    package var line: String { "\(method.rawValue) \(path)" }

    package var bearerToken: String? {
        headers.first(name: "authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
    }

    package var origin: String? { headers.first(name: "origin") }
}

/// What the router answers. The connection handler turns it into bytes, or into the switch to WebSocket.
package struct ServerResponse: Sendable {
    package var status: Int
    package var body: ByteBuffer
    package var contentType: String
    /// Headers beyond the ones every answer carries (content type and length, no caching, no sniffing).
    package var headers: [(name: String, value: String)]
    /// Close the connection after this answer (refusals that leave the request stream in an unknown state).
    package var closesConnection: Bool
    /// Set by `GET /ws`: answer 101 and hand the connection to the WebSocket handler instead of writing a body.
    package var upgrade: WebSocketUpgrade?
    /// Why a request failed, for the log line only; never sent.
    package var failure: String?

    package init(
        status: Int, body: ByteBuffer, contentType: String, headers: [(name: String, value: String)] = [],
        closesConnection: Bool = false
    ) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.headers = headers
        self.closesConnection = closesConnection
    }

    package static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = []) -> ServerResponse {
        ServerResponse(status: status, body: ByteBuffer(string: value.jsonText), contentType: "application/json", headers: headers)
    }

    package static func text(_ status: Int, _ text: String, type: String, headers: [(name: String, value: String)] = []) -> ServerResponse {
        ServerResponse(status: status, body: ByteBuffer(string: text), contentType: type, headers: headers)
    }

    /// `{"error": message}`, the shape of every refusal.
    package static func error(_ status: Int, _ message: String, headers: [(name: String, value: String)] = []) -> ServerResponse {
        json(status, ["error": .string(message)], headers: headers)
    }

    package func closing() -> ServerResponse {
        var copy = self
        copy.closesConnection = true
        return copy
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The switch to WebSocket that `GET /ws` decided on; performed by the connection handler, which owns the pipeline.
package struct WebSocketUpgrade: Sendable {
    package var accepted: WebSocketHandshake.Accepted
    package var compression: PerMessageDeflate.Agreement?
    package var userID: Int64
    package var echo: Bool
}

/// What a request carries through middleware beside itself: a logger that names it, the client, and the user
/// once a bearer token has been checked.
package struct RequestContext: Sendable {
    package var logger: Logger
    /// The address rate limits count by: the peer, or the client a trusted proxy names.
    package var clientAddress: String
    package var token: VerifiedToken?

    package init(logger: Logger, clientAddress: String, token: VerifiedToken? = nil) {
        self.logger = logger
        self.clientAddress = clientAddress
        self.token = token
    }

    /// The user a checked token names; set only inside routes that require one.
    package var userID: Int64? { token?.userID }
}
