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

    init(server: HTTPServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            tooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > server.configuration.maxBodyBytes { tooLarge = true } else { body.writeBuffer(&chunk) }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge { return respond(context, 413, ["error": "the request body is larger than 1 MB"], keepAlive: false) }
            route(context, head, body.readString(length: body.readableBytes) ?? "")
        }
    }

    private func route(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: String) {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        switch (head.method, path) {
        case (.GET, "/health"):
            run(context) { server in
                let database = await server.backend.databaseReachable()
                return (database ? 200 : 503, [
                    "status": .string(database ? "ok" : "degraded"), "version": "0.1.0", "database": .bool(database),
                    "uptime_seconds": .number(Double(Int(server.clock.now().timeIntervalSince(server.started)))),
                    "websockets": .number(Double(server.connections.count)),
                ])
            }
        case (.POST, "/auth/register"), (.POST, "/auth/login"):
            let isRegister = path == "/auth/register"
            guard let credentials = Self.credentials(body) else {
                return respond(context, 400, ["error": "send JSON {\"username\": \"…\", \"password\": \"…\"} (username 1–64 characters, password 8–256)"])
            }
            let address = context.remoteAddress?.ipAddress ?? "unknown"
            run(context) { server in
                let now = server.clock.now()
                if !isRegister, let wait = server.logins.retryAfter(username: credentials.name, address: address, now: now) {
                    return (429, ["error": .string("too many failed logins; try again in \(wait) s"), "retry_after": .number(Double(wait))])
                }
                if isRegister {
                    do {
                        try await server.backend.register(name: credentials.name, password: credentials.password)
                        return (201, ["username": .string(credentials.name)])
                    } catch BackendError.exists {
                        return (409, ["error": "that username is taken"])
                    }
                }
                guard let userID = try await server.backend.authenticate(name: credentials.name, password: credentials.password) else {
                    server.logins.recordFailure(username: credentials.name, address: address, now: now)
                    return (401, ["error": "wrong username or password"])
                }
                server.logins.recordSuccess(username: credentials.name)
                let issued = Int(now.timeIntervalSince1970)
                let claims = JWTSigner.Claims(
                    sub: String(userID), iat: issued, nbf: issued, exp: issued + Int(server.configuration.tokenLifetime),
                    jti: Base64URL.encode(try Crypto.randomBytes(12)))
                return (200, ["token": .string(try server.signer.sign(claims)), "expires_in": .number(server.configuration.tokenLifetime)])
            }
        case (.GET, "/ws"):
            upgrade(context, head)
        case (.GET, "/metrics"):
            let text = server.metrics.prometheus(websockets: server.connections.count)
            var headers = HTTPHeaders([("content-type", "text/plain; version=0.0.4"), ("content-length", "\(text.utf8.count)")])
            headers.add(name: "cache-control", value: "no-store")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        default:
            respond(context, 404, ["error": .string("no route \(head.method.rawValue) \(path)")])
        }
    }

    /// Runs async backend work off the event loop, then answers on it.
    private func run(_ context: ChannelHandlerContext, _ work: @escaping @Sendable (HTTPServer) async throws -> (Int, JSONValue)) {
        let server = self.server
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        Task {
            let result: (Int, JSONValue)
            do {
                result = try await work(server)
            } catch {
                result = (500, ["error": "the server failed to handle the request"])
            }
            loopBound.eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.respond(context, result.0, result.1)
            }
        }
    }

    func respond(_ context: ChannelHandlerContext, _ status: Int, _ json: JSONValue, keepAlive: Bool = true, extra: [String: String] = [:]) {
        server.metrics.recordResponse(status: status)
        let text = json.jsonText
        var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", "\(text.utf8.count)")])
        for (name, value) in extra { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in if !keepAlive { context.close(promise: nil) } }
    }

    /// Validates the handshake and the token, answers 101, and swaps the HTTP handlers for the WebSocket one.
    private func upgrade(_ context: ChannelHandlerContext, _ head: HTTPRequestHead) {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name] = value }
        let accepted: WebSocketHandshake.Accepted
        switch WebSocketHandshake.accept(method: head.method.rawValue, version: "HTTP/\(head.version.major).\(head.version.minor)", headers: headers) {
        case .failure(let refusal): return respond(context, refusal.status, ["error": .string(refusal.reason)], keepAlive: false, extra: refusal.headers)
        case .success(let value): accepted = value
        }
        let bearer = head.headers.first(name: "authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? accepted.bearerToken
        guard let token = bearer else { return respond(context, 401, ["error": "send a token: Authorization: Bearer <jwt> or subprotocol bearer.<jwt>"], keepAlive: false) }
        let claims: JWTSigner.Claims
        do {
            claims = try server.signer.verify(token, now: server.clock.now())
        } catch let rejection as JWTSigner.Rejection {
            return respond(context, 401, ["error": .string(rejection.description)], keepAlive: false)
        } catch {
            return respond(context, 401, ["error": "invalid token"], keepAlive: false)
        }
        guard let userID = Int64(claims.sub) else { return respond(context, 401, ["error": "invalid token subject"], keepAlive: false) }
        var response = HTTPHeaders([("upgrade", "websocket"), ("connection", "Upgrade"), ("sec-websocket-accept", accepted.acceptKey)])
        if let subprotocol = accepted.subprotocol { response.add(name: "sec-websocket-protocol", value: subprotocol) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .switchingProtocols, headers: response))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let handler = WebSocketChannelHandler(server: server, userID: userID, eventLoop: context.eventLoop)
        let pipeline = context.pipeline
        pipeline.addHandler(handler, name: "websocket", position: .after(self)).flatMap {
            pipeline.removeHandler(name: "http-encoder")
        }.flatMap {
            pipeline.removeHandler(name: "http-handler")
        }.flatMap {
            pipeline.removeHandler(name: "http-decoder")
        }.whenFailure { error in
            FileHandle.standardError.write(Data("websocket upgrade failed: \(error)\n".utf8))
            context.close(promise: nil)
        }
    }

    static func credentials(_ body: String) -> (name: String, password: String)? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            let name = (object["username"] as? String)?.trimmingCharacters(in: .whitespaces), (1...64).contains(name.count),
            !name.contains(where: \.isNewline), let password = object["password"] as? String, (8...256).contains(password.count)
        else { return nil }
        return (name, password)
    }
}
