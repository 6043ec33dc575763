/// `GET /ws` (chat, behind a token) and `/ws/echo` (raw echo for conformance suites, only with --echo-endpoint):
/// the opening handshake and permessage-deflate are decided here; the connection handler performs the switch.
extension HTTPServer {
    func addWebSocketRoutes(to router: inout HTTPRouter) {
        router.add(.GET, "/ws", access: .webSocketToken) { [self] request, context in
            guard let userID = context.userID else { return .error(401, TokenVerifier.missing).closing() }
            guard connections.count(userID: userID) < configuration.maxWebSocketsPerUser else {
                metrics.recordRefusal("quota")
                return .error(429, "you have \(configuration.maxWebSocketsPerUser) connections open already; close one").closing()
            }
            return handshake(request, userID: userID, echo: false)
        }
        if configuration.echoEndpoint {
            router.add(.GET, "/ws/echo") { [self] request, _ in handshake(request, userID: 0, echo: true) }
        }
    }

    private func handshake(_ request: ServerRequest, userID: Int64, echo: Bool) -> ServerResponse {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name] = value }
        switch WebSocketHandshake.accept(
            method: request.method.rawValue, version: "HTTP/\(request.version.major).\(request.version.minor)", headers: headers)
        {
        case .failure(let refusal):
            return ServerResponse.error(refusal.status, refusal.reason, headers: refusal.headers.map { ($0.key, $0.value) }).closing()
        case .success(let accepted):
            // Repeated Sec-WebSocket-Extensions headers are one list (RFC 7230 §3.2.2).
            let offers = request.headers["sec-websocket-extensions"]
            let compression =
                configuration.wsCompression && !offers.isEmpty
                ? PerMessageDeflate.negotiate(offers: offers.joined(separator: ", "), policy: echo ? .echo : .chat) : nil
            var response = ServerResponse(status: 101, body: .init(), contentType: "")
            response.upgrade = WebSocketUpgrade(accepted: accepted, compression: compression, userID: userID, echo: echo)
            return response
        }
    }
}
