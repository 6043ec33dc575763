import Foundation

/// The server side of the RFC 6455 §4.2.1 opening handshake, without I/O.
package enum WebSocketHandshake {
    package struct Accepted: Equatable, Sendable {
        package var acceptKey: String
        /// The subprotocol to echo ("jobhunter.v1"), if the client offered it.
        package var subprotocol: String?
        /// A JWT passed as the "bearer.<jwt>" subprotocol, for browsers that cannot set headers.
        package var bearerToken: String?
    }

    package struct Refusal: Error, Equatable, Sendable {
        /// 400 for a bad request, 426 for a version we do not speak.
        package var status: Int
        package var reason: String
        package var headers: [String: String]
    }

    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// Validates a request; header names are matched case-insensitively.
    package static func accept(method: String, version: String, headers: [String: String]) -> Result<Accepted, Refusal> {
        let header = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        func refuse(_ status: Int, _ reason: String, _ extra: [String: String] = [:]) -> Result<Accepted, Refusal> {
            .failure(Refusal(status: status, reason: reason, headers: extra))
        }
        guard method == "GET" else { return refuse(400, "a WebSocket handshake must be a GET") }
        guard version == "HTTP/1.1" else { return refuse(400, "a WebSocket handshake needs HTTP/1.1") }
        guard
            header["upgrade"]?.lowercased().split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "websocket" }
            ) == true
        else {
            return refuse(400, "missing Upgrade: websocket")
        }
        guard
            header["connection"]?.lowercased().split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == "upgrade"
            }) == true
        else {
            return refuse(400, "missing Connection: Upgrade")
        }
        guard header["sec-websocket-version"]?.trimmingCharacters(in: .whitespaces) == "13" else {
            return refuse(426, "only WebSocket version 13 is supported", ["Sec-WebSocket-Version": "13"])
        }
        guard let key = header["sec-websocket-key"]?.trimmingCharacters(in: .whitespaces), let decoded = Data(base64Encoded: key),
            decoded.count == 16
        else {
            return refuse(400, "Sec-WebSocket-Key must be 16 bytes in base64")
        }
        let offered = subprotocols(header["sec-websocket-protocol"].map { [$0] } ?? [])
        return .success(
            Accepted(
                acceptKey: acceptKey(for: key), subprotocol: offered.contains("jobhunter.v1") ? "jobhunter.v1" : nil,
                bearerToken: bearerToken(offered)))
    }

    /// The subprotocols a client offers, from each Sec-WebSocket-Protocol header's comma-separated list.
    package static func subprotocols(_ headers: [String]) -> [String] {
        headers.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The JWT a browser passes as the "bearer.<jwt>" subprotocol, since it cannot set headers on a WebSocket.
    package static func bearerToken(_ subprotocols: [String]) -> String? {
        subprotocols.first { $0.hasPrefix("bearer.") }.map { String($0.dropFirst("bearer.".count)) }
    }

    package static func acceptKey(for key: String) -> String {
        Data(Crypto.sha1(Array((key + guid).utf8))).base64EncodedString()
    }
}
