/// The router with the middleware every request passes through, in order: metrics, the log, CORS, recovery from
/// errors; then, for routes that need one, the bearer token; then the route.
package struct HTTPApplication: Sendable {
    package let router: HTTPRouter
    let middleware: [any HTTPMiddleware]
    let verifier: TokenVerifier
    /// The middleware around the router, composed once rather than per request.
    private let routed: HTTPResponder

    package init(router: HTTPRouter, verifier: TokenVerifier, metrics: ServerMetrics, corsOrigins: Set<String>) {
        self.router = router
        self.verifier = verifier
        let middleware: [any HTTPMiddleware] = [
            MetricsMiddleware(metrics: metrics), RequestLogMiddleware(), CORSMiddleware(allowedOrigins: corsOrigins), RecoveryMiddleware(),
        ]
        self.middleware = middleware
        routed = middleware.wrapping { request, context in try await Self.route(request, context, router: router, verifier: verifier) }
    }

    /// The answer to a complete request, from its route.
    package func respond(to request: ServerRequest, context: RequestContext) async -> ServerResponse {
        await run(request, context, through: routed)
    }

    /// An answer the connection decided on itself (a body too large, a token refused at the head, a request too
    /// slow to arrive), passed through the same middleware so it is counted, logged and given CORS headers alike.
    package func respond(to request: ServerRequest, context: RequestContext, with answer: ServerResponse) async -> ServerResponse {
        await run(request, context, through: middleware.wrapping { _, _ in answer })
    }

    private func run(_ request: ServerRequest, _ context: RequestContext, through chain: HTTPResponder) async -> ServerResponse {
        var context = context
        context.logger[metadataKey: "request"] = "\(request.line)"
        context.logger[metadataKey: "client"] = "\(context.clientAddress)"
        do {
            return try await chain(request, context)
        } catch {
            // Recovery answers every error a route throws; only a middleware of ours could get here.
            return .error(500, "the server failed to handle the request")
        }
    }

    private static func route(
        _ request: ServerRequest, _ context: RequestContext, router: HTTPRouter, verifier: TokenVerifier
    ) async throws -> ServerResponse {
        switch router.match(request.method, request.path) {
        case .notFound:
            return .error(404, "no route \(request.method.rawValue) \(request.path)")
        case .methodNotAllowed(let allowed):
            let list = allowed.joined(separator: ", ")
            return .error(405, "\(request.path) accepts \(list)", headers: [("allow", list)])
        case .route(let route):
            switch route.access {
            case .open: return try await route.handler(request, context)
            case .token, .webSocketToken:
                let authentication = BearerAuthentication(verifier: verifier, acceptsSubprotocol: route.access == .webSocketToken)
                return try await authentication.respond(to: request, context: context, next: route.handler)
            }
        }
    }
}
