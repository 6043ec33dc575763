import Assistant

/// What needs no account: health, metrics, the chat page and its script, the API description.
extension HTTPServer {
    func addPageRoutes(to router: inout HTTPRouter) {
        router.add(.GET, "/health") { [self] _, _ in
            let database = await backend.databaseReachable()
            return .json(
                database ? 200 : 503,
                [
                    "status": .string(database ? "ok" : "degraded"), "version": .string(JobHunterVersion.current),
                    "database": .bool(database), "backend": .string(backend.databaseBackend),
                    "uptime_seconds": .number(Double(Int(clock.now().timeIntervalSince(started)))),
                    "websockets": .number(Double(connections.count)),
                ])
        }
        router.add(.GET, "/metrics") { [self] _, _ in
            .text(
                200, metrics.prometheus(websockets: connections.count, relayedEvents: fanout.relayedEvents),
                type: "text/plain; version=0.0.4")
        }
        router.add(.GET, "/") { _, _ in
            .text(200, WebChatPage.html, type: "text/html; charset=utf-8", headers: [("content-security-policy", Self.pagePolicy)])
        }
        router.add(.GET, "/app.js") { _, _ in .text(200, WebChatPage.script, type: "text/javascript; charset=utf-8") }
        router.add(.GET, "/openapi.json") { [self] _, _ in .json(200, OpenAPIDocument.make(tools: backend.toolSchemas)) }
        router.add(.GET, "/docs") { [self] _, _ in
            .text(
                200, OpenAPIDocument.html(OpenAPIDocument.make(tools: backend.toolSchemas)), type: "text/html; charset=utf-8",
                headers: [("content-security-policy", Self.documentPolicy)])
        }
    }

    /// The chat page: its script only from /app.js, its connections only to this server (WebSocket included),
    /// never framed by another site.
    static let pagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    /// /docs is static HTML with inline styles and no script at all.
    static let documentPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}
