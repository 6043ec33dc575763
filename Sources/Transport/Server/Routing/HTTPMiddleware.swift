/// The next step of a request's way through the server: the rest of the middleware, then the route.
package typealias HTTPResponder = @Sendable (ServerRequest, RequestContext) async throws -> ServerResponse

/// One concern every request passes through (CORS, bearer tokens, metrics, the log), kept out of the routes.
package protocol HTTPMiddleware: Sendable {
    func respond(to request: ServerRequest, context: RequestContext, next: HTTPResponder) async throws -> ServerResponse
}

extension Array where Element == any HTTPMiddleware {
    /// The first middleware runs first and sees the final answer last.
    package func wrapping(_ endpoint: @escaping HTTPResponder) -> HTTPResponder {
        reversed().reduce(endpoint) { next, middleware in
            { request, context in try await middleware.respond(to: request, context: context, next: next) }
        }
    }
}
