import Assistant
import Foundation
import NIOCore
import NIOHTTP1

/// Collects one request, routes it, answers with JSON; hands /ws over to the WebSocket handler.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    // @unchecked Sendable: used only on its channel's event loop; async work hops back with `execute`.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: HTTPServer
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false
    /// The request's Origin header, echoed in CORS headers only when it is on the allow-list.
    private var origin: String?
    /// The current request was HEAD: answer as for GET, without the body.
    private var omitBody = false
    /// False for `Connection: close` and for HTTP/1.0 without keep-alive: the connection closes after the answer.
    private var requestKeepAlive = true

    init(server: HTTPServer) {
        self.server = server
    }

    /// The body limit of the current request: `maxBodyBytes` for requests with a genuine token, else `smallBodyBytes`.
    private var bodyLimit = 16 * 1024
    /// The current request was refused at its head (no or a forged token); its body is ignored.
    private var refusedAtHead = false
    /// A request must be complete within `requestTimeout` of its first byte (or of the previous answer on a
    /// kept-alive connection), however slowly its bytes trickle in: the idle timer alone was reset by every byte.
    private var requestDeadline: Scheduled<Void>?

    func handlerAdded(context: ChannelHandlerContext) {
        startRequestDeadline(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        requestDeadline?.cancel()
    }

    private func startRequestDeadline(_ context: ChannelHandlerContext) {
        requestDeadline?.cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        requestDeadline = context.eventLoop.scheduleTask(in: server.configuration.requestTimeout) {
            let (handler, context) = bound.value
            handler.requestDeadline = nil
            if handler.head != nil {
                handler.respond(context, 408, ["error": "the request took too long to arrive"], keepAlive: false)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            // HEAD is GET without a body; `omitBody` keeps the headers (content-length included) honest.
            omitBody = head.method == .HEAD
            if omitBody { head.method = .GET }
            requestKeepAlive = head.isKeepAlive
            self.head = head
            // The path without its query: what routing and the log see.
            let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
            currentRequest = "\(head.method.rawValue) \(path)"
            origin = head.headers.first(name: "origin")
            body.clear()
            tooLarge = false
            refusedAtHead = false
            // Only a request whose bearer token is genuine may send a large body; anything else gets a small one,
            // so unauthenticated clients cannot park megabytes of partial bodies in the server.
            // A CORS preflight carries no token by design; it is answered without one.
            if head.method != .OPTIONS, Self.needsToken(path) {
                bodyLimit = server.configuration.maxBodyBytes
                if let refusal = headRefusal(head) {
                    refusedAtHead = true
                    self.head = nil
                    respond(context, refusal.status, ["error": .string(refusal.message)], keepAlive: false)
                }
            } else {
                bodyLimit = Self.smallBodyBytes
            }
        case .body(var chunk):
            guard !refusedAtHead else { return }
            if body.readableBytes + chunk.readableBytes > bodyLimit { tooLarge = true } else { body.writeBuffer(&chunk) }
        case .end:
            guard let head, !refusedAtHead else { return }
            self.head = nil
            requestDeadline?.cancel()
            requestDeadline = nil
            if tooLarge {
                let limit = bodyLimit >= 1_048_576 ? "\(bodyLimit / 1_048_576) MB" : "\(bodyLimit / 1024) KB"
                return respond(context, 413, ["error": .string("the request body is larger than \(limit)")], keepAlive: false)
            }
            route(context, head, body.readString(length: body.readableBytes) ?? "")
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is IdleStateHandler.IdleStateEvent else { return context.fireUserInboundEventTriggered(event) }
        if head != nil {
            respond(context, 408, ["error": "the request took too long to arrive"], keepAlive: false)
        } else {
            context.close(promise: nil)
        }
    }

    /// "METHOD /path" of the request being answered, for the log (never the query, which may carry arguments).
    private var currentRequest = ""

    private func route(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: String) {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        switch (head.method, path) {
        case (.GET, "/health"):
            run(context) { server in
                let database = await server.backend.databaseReachable()
                return (
                    database ? 200 : 503,
                    [
                        "status": .string(database ? "ok" : "degraded"), "version": .string(JobHunterVersion.current),
                        "database": .bool(database),
                        "backend": .string(server.backend.databaseBackend),
                        "uptime_seconds": .number(Double(Int(server.clock.now().timeIntervalSince(server.started)))),
                        "websockets": .number(Double(server.connections.count)),
                    ]
                )
            }
        case (.POST, "/auth/register"), (.POST, "/auth/login"):
            signIn(context, head, body, isRegister: path == "/auth/register")
        case (.POST, "/auth/logout"):
            let token = Self.authorizationBearer(head)
            run(context) { server in
                let claims: JWTSigner.Claims
                switch await Self.verify(token, server: server) {
                case .failure(let refusal): return (refusal.status, ["error": .string(refusal.message)])
                case .success(let verified): claims = verified.claims
                }
                // Revoked until it would have expired anyway; every instance checks the same deny-list.
                try await server.auth.revoke(tokenID: claims.jti, expiresAt: Date(timeIntervalSince1970: Double(claims.exp)))
                return (200, ["logged_out": true])
            }
        case (.GET, "/ws"):
            upgrade(context, head)
        case (.GET, "/ws/echo") where server.configuration.echoEndpoint:
            upgrade(context, head, echo: true)
        case (.GET, "/metrics"):
            respond(context, 200, text: server.metrics.prometheus(websockets: server.connections.count), type: "text/plain; version=0.0.4")
        case (.GET, "/"):
            respond(
                context, 200, text: WebChatPage.html, type: "text/html; charset=utf-8", extra: ["content-security-policy": Self.pagePolicy])
        case (.GET, "/app.js"):
            respond(context, 200, text: WebChatPage.script, type: "text/javascript; charset=utf-8")
        case (.GET, "/openapi.json"):
            respond(context, 200, OpenAPIDocument.make(tools: server.backend.toolSchemas))
        case (.GET, "/docs"):
            respond(
                context, 200, text: OpenAPIDocument.html(OpenAPIDocument.make(tools: server.backend.toolSchemas)),
                type: "text/html; charset=utf-8",
                extra: ["content-security-policy": Self.documentPolicy])
        case (.OPTIONS, _):
            guard let origin, server.configuration.corsOrigins.contains(origin) else {
                return respond(context, 403, ["error": "cross-origin requests from this origin are not allowed (see --cors-origin)"])
            }
            respond(
                context, 204, text: "", type: "text/plain",
                extra: [
                    "access-control-allow-methods": "GET, POST, PUT, OPTIONS",
                    "access-control-allow-headers": "authorization, content-type",
                    "access-control-max-age": "600",
                ])
        case (.GET, _) where path.hasPrefix("/exports/"):
            download(context, name: String(path.dropFirst("/exports/".count)), token: Self.authorizationBearer(head))
        default:
            if let route = RESTRoute.find(method: head.method.rawValue, path: path) { return mirror(context, route, head, body) }
            if RESTRoute.knows(path: path) {
                let allowed = RESTRoute.all.filter { $0.path == path }.map(\.method).joined(separator: ", ")
                return respond(context, 405, ["error": .string("\(path) accepts \(allowed)")], extra: ["allow": allowed])
            }
            respond(context, 404, ["error": .string("no route \(head.method.rawValue) \(path)")])
        }
    }

    /// Runs async backend work off the event loop, then answers on it.
    func run(_ context: ChannelHandlerContext, _ work: @escaping @Sendable (HTTPServer) async throws -> (Int, JSONValue)) {
        let server = self.server
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let request = currentRequest
        Task {
            let result: (Int, JSONValue)
            do {
                result = try await work(server)
            } catch let failure as any TemporaryFailure where failure.isTemporary {
                server.logger.warning("request answered 503", metadata: ["request": "\(request)", "error": "\(failure)"])
                result = (503, ["error": .string(String(describing: failure))])
            } catch {
                // The client learns only that it failed; the cause goes to the log.
                server.logger.error("request failed", metadata: ["request": "\(request)", "error": "\(error)"])
                result = (500, ["error": "the server failed to handle the request"])
            }
            loopBound.eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.respond(context, result.0, result.1)
            }
        }
    }

    func respond(_ context: ChannelHandlerContext, _ status: Int, _ json: JSONValue, keepAlive: Bool = true, extra: [String: String] = [:])
    {
        respond(context, status, text: json.jsonText, type: "application/json", keepAlive: keepAlive, extra: extra)
    }

    func respond(
        _ context: ChannelHandlerContext, _ status: Int, text: String, type: String, keepAlive: Bool = true, extra: [String: String] = [:]
    ) {
        respond(context, status, bytes: ByteBuffer(string: text), type: type, keepAlive: keepAlive, extra: extra)
    }

    func respond(
        _ context: ChannelHandlerContext, _ status: Int, bytes: ByteBuffer, type: String, keepAlive: Bool = true,
        extra: [String: String] = [:]
    ) {
        server.metrics.recordResponse(status: status)
        // Every refused request once, by method and path only (never the query, a header or a token). A 500 or 503
        // was logged with its cause where it happened.
        if status >= 400, status != 500, status != 503 {
            server.logger.warning(
                "request refused",
                metadata: [
                    "request": "\(currentRequest)", "status": "\(status)",
                    "client": "\(context.channel.remoteAddress?.ipAddress ?? "unknown")",
                ])
        }
        var headers = HTTPHeaders([
            ("content-type", type), ("content-length", "\(bytes.readableBytes)"), ("cache-control", "no-store"),
            ("x-content-type-options", "nosniff"), ("referrer-policy", "no-referrer"),
        ])
        for (name, value) in extra { headers.add(name: name, value: value) }
        if let origin, server.configuration.corsOrigins.contains(origin) {
            headers.add(name: "access-control-allow-origin", value: origin)
            headers.add(name: "vary", value: "Origin")
        }
        let keepAlive = keepAlive && requestKeepAlive
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))), promise: nil)
        if !omitBody { context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil) }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in if !keepAlive { channel.close(promise: nil) } }
        // The next request on this connection gets its own deadline.
        if keepAlive, status != 101 { startRequestDeadline(context) }
    }
}
