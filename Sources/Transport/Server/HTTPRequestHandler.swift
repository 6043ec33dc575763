import Assistant
import Foundation
import NIOCore
import NIOHTTP1

/// The connection's side of HTTP: collects one request (refusing oversized bodies and forged tokens at the head,
/// timing out slow senders), hands it to the application's router and middleware, and writes the answer or
/// performs the switch to WebSocket. What a request means is decided in `Routes/`, not here.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    // @unchecked Sendable: used only on its channel's event loop; async work hops back with `execute`.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: HTTPServer
    let application: HTTPApplication
    /// The request being collected, from its head; nil between requests and once it is being answered.
    private var request: ServerRequest?
    private var body = ByteBuffer()
    private var tooLarge = false
    /// The current request was HEAD: answer as for GET, without the body.
    private var omitBody = false
    /// False for `Connection: close` and for HTTP/1.0 without keep-alive: the connection closes after the answer.
    private var requestKeepAlive = true
    /// The body limit of the current request: `maxBodyBytes` for requests with a genuine token, else `smallBodyBytes`.
    private var bodyLimit = HTTPRequestHandler.smallBodyBytes
    /// The current request was refused at its head (no or a forged token); its body is ignored.
    private var refusedAtHead = false
    /// An answer is on its way; nothing more is read from this request.
    private var answering = false
    /// A request must be complete within `requestTimeout` of its first byte (or of the previous answer on a
    /// kept-alive connection), however slowly its bytes trickle in: the idle timer alone was reset by every byte.
    private var requestDeadline: Scheduled<Void>?

    /// Enough for a login or a registration.
    static let smallBodyBytes = 16 * 1024

    init(server: HTTPServer, application: HTTPApplication) {
        self.server = server
        self.application = application
    }

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
            handler.timedOut(context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            // HEAD is GET without a body; `omitBody` keeps the headers (content-length included) honest.
            omitBody = head.method == .HEAD
            if omitBody { head.method = .GET }
            requestKeepAlive = head.isKeepAlive
            body.clear()
            tooLarge = false
            refusedAtHead = false
            answering = false
            let request = ServerRequest(method: head.method, uri: head.uri, version: head.version, headers: head.headers)
            self.request = request
            // Only a request whose bearer token is genuine may send a large body; anything else gets a small one,
            // so unauthenticated clients cannot park megabytes of partial bodies in the server. A CORS preflight
            // carries no token by design.
            if head.method != .OPTIONS, application.router.requiresTokenAtHead(request.path) {
                bodyLimit = server.configuration.maxBodyBytes
                if let refusal = application.verifier.signatureRefusal(request.bearerToken) {
                    refusedAtHead = true
                    answer(context, request, with: refusal.response.closing())
                }
            } else {
                bodyLimit = Self.smallBodyBytes
            }
        case .body(var chunk):
            guard !refusedAtHead, !answering else { return }
            if body.readableBytes + chunk.readableBytes > bodyLimit { tooLarge = true } else { body.writeBuffer(&chunk) }
        case .end:
            guard var request, !refusedAtHead, !answering else { return }
            requestDeadline?.cancel()
            requestDeadline = nil
            if tooLarge {
                let limit = bodyLimit >= 1_048_576 ? "\(bodyLimit / 1_048_576) MB" : "\(bodyLimit / 1024) KB"
                return answer(context, request, with: ServerResponse.error(413, "the request body is larger than \(limit)").closing())
            }
            request.body = body.readString(length: body.readableBytes) ?? ""
            answer(context, request)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is IdleStateHandler.IdleStateEvent else { return context.fireUserInboundEventTriggered(event) }
        timedOut(context)
    }

    /// A request that began and stalled is answered 408; a connection idle between requests just closes.
    private func timedOut(_ context: ChannelHandlerContext) {
        guard !answering else { return }
        guard let request else { return context.close(promise: nil) }
        answer(context, request, with: ServerResponse.error(408, "the request took too long to arrive").closing())
    }

    /// Runs the request through the application off the event loop (routes may wait on the database), then
    /// writes the answer on it: the one hop every request takes.
    private func answer(_ context: ChannelHandlerContext, _ request: ServerRequest, with decided: ServerResponse? = nil) {
        answering = true
        self.request = nil
        let application = self.application
        let requestContext = makeContext(context, request)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        Task {
            let response =
                if let decided {
                    await application.respond(to: request, context: requestContext, with: decided)
                } else {
                    await application.respond(to: request, context: requestContext)
                }
            loopBound.eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.write(context, response)
            }
        }
    }

    private func makeContext(_ context: ChannelHandlerContext, _ request: ServerRequest) -> RequestContext {
        let client = HTTPServer.clientAddress(
            peer: context.remoteAddress?.ipAddress, headers: request.headers, trustedProxies: server.configuration.trustedProxies)
        return RequestContext(logger: server.logger, clientAddress: client)
    }

    private func write(_ context: ChannelHandlerContext, _ response: ServerResponse) {
        answering = false
        if let upgrade = response.upgrade { return completeUpgrade(context, upgrade) }
        var headers = HTTPHeaders([
            ("content-type", response.contentType), ("content-length", "\(response.body.readableBytes)"), ("cache-control", "no-store"),
            ("x-content-type-options", "nosniff"), ("referrer-policy", "no-referrer"),
        ])
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let keepAlive = !response.closesConnection && requestKeepAlive
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: response.status), headers: headers))),
            promise: nil)
        if !omitBody { context.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil) }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in if !keepAlive { channel.close(promise: nil) } }
        // The next request on this connection gets its own deadline.
        if keepAlive { startRequestDeadline(context) }
    }
}
