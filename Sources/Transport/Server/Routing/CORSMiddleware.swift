/// Cross-origin access for the browser origins named with `--cors-origin`: preflights answered here, and the
/// allow-origin header on every answer to an allowed origin. Other origins get no CORS headers at all.
struct CORSMiddleware: HTTPMiddleware {
    let allowedOrigins: Set<String>

    func respond(to request: ServerRequest, context: RequestContext, next: HTTPResponder) async throws -> ServerResponse {
        let allowed = request.origin.flatMap { allowedOrigins.contains($0) ? $0 : nil }
        var response: ServerResponse
        if request.method == .OPTIONS {
            guard allowed != nil else {
                return .error(403, "cross-origin requests from this origin are not allowed (see --cors-origin)")
            }
            // A preflight carries no token by design; it is answered before any route.
            response = .text(
                204, "", type: "text/plain",
                headers: [
                    ("access-control-allow-methods", "GET, POST, PUT, OPTIONS"),
                    ("access-control-allow-headers", "authorization, content-type"), ("access-control-max-age", "600"),
                ])
        } else {
            response = try await next(request, context)
        }
        if let allowed {
            response.headers.append(("access-control-allow-origin", allowed))
            response.headers.append(("vary", "Origin"))
        }
        return response
    }
}
