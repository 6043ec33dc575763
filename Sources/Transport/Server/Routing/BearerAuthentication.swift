import NIOHTTP1

/// Lets a request reach its route only with a genuine, unrevoked token, and records the user in its context.
struct BearerAuthentication: HTTPMiddleware {
    let verifier: TokenVerifier
    /// WebSocket clients in browsers cannot set headers, so `/ws` also reads the subprotocol `bearer.<jwt>`.
    let acceptsSubprotocol: Bool

    func respond(to request: ServerRequest, context: RequestContext, next: HTTPResponder) async throws -> ServerResponse {
        var token = request.bearerToken
        var missing = TokenVerifier.missing
        if acceptsSubprotocol {
            token = token ?? WebSocketHandshake.bearerToken(WebSocketHandshake.subprotocols(request.headers["sec-websocket-protocol"]))
            missing = "send a token: Authorization: Bearer <jwt> or subprotocol bearer.<jwt>"
        }
        switch await verifier.verify(token, missing: missing) {
        case .failure(let refusal):
            // A refused upgrade leaves the connection expecting a WebSocket; close it.
            return acceptsSubprotocol ? refusal.response.closing() : refusal.response
        case .success(let verified):
            var context = context
            context.token = verified
            context.logger[metadataKey: "user"] = "\(verified.userID)"
            return try await next(request, context)
        }
    }
}
