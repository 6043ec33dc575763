import Assistant
import Foundation
import NIOCore
import NIOHTTP1

/// `GET /ws` and `/ws/echo`: the opening handshake, the token, permessage-deflate, and the swap to the WebSocket handler.
extension HTTPRequestHandler {
    /// Validates the handshake and the token, answers 101, and swaps the HTTP handlers for the WebSocket one.
    func upgrade(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, echo: Bool = false) {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name] = value }
        let accepted: WebSocketHandshake.Accepted
        switch WebSocketHandshake.accept(
            method: head.method.rawValue, version: "HTTP/\(head.version.major).\(head.version.minor)", headers: headers)
        {
        case .failure(let refusal):
            return respond(context, refusal.status, ["error": .string(refusal.reason)], keepAlive: false, extra: refusal.headers)
        case .success(let value): accepted = value
        }
        // Repeated Sec-WebSocket-Extensions headers are one list (RFC 7230 §3.2.2).
        let offers = head.headers["sec-websocket-extensions"]
        let compression =
            server.configuration.wsCompression && !offers.isEmpty
            ? PerMessageDeflate.negotiate(offers: offers.joined(separator: ", "), policy: echo ? .echo : .chat) : nil
        if echo { return completeUpgrade(context, accepted, compression: compression, userID: 0, echo: true) }
        let token = Self.authorizationBearer(head) ?? accepted.bearerToken
        let server = self.server
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        Task {
            let missing = "send a token: Authorization: Bearer <jwt> or subprotocol bearer.<jwt>"
            let verdict = await Self.verify(token, server: server, missing: missing)
            loopBound.eventLoop.execute {
                let (handler, context) = loopBound.value
                switch verdict {
                case .failure(let refusal):
                    handler.respond(context, refusal.status, ["error": .string(refusal.message)], keepAlive: false)
                case .success(let verified):
                    guard server.connections.count(userID: verified.userID) < server.configuration.maxWebSocketsPerUser else {
                        server.metrics.recordRefusal("quota")
                        return handler.respond(
                            context, 429,
                            ["error": .string("you have \(server.configuration.maxWebSocketsPerUser) connections open already; close one")],
                            keepAlive: false)
                    }
                    handler.completeUpgrade(context, accepted, compression: compression, userID: verified.userID, echo: false)
                }
            }
        }
    }

    /// Answers 101 and swaps the HTTP handlers for the WebSocket one.
    func completeUpgrade(
        _ context: ChannelHandlerContext, _ accepted: WebSocketHandshake.Accepted, compression: PerMessageDeflate.Agreement?,
        userID: Int64, echo: Bool
    ) {
        var response = HTTPHeaders([("upgrade", "websocket"), ("connection", "Upgrade"), ("sec-websocket-accept", accepted.acceptKey)])
        if let subprotocol = accepted.subprotocol { response.add(name: "sec-websocket-protocol", value: subprotocol) }
        if let compression { response.add(name: "sec-websocket-extensions", value: compression.responseHeader) }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .switchingProtocols, headers: response))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let handler = WebSocketChannelHandler(
            server: server, userID: userID, eventLoop: context.eventLoop, echo: echo, compression: compression)
        let pipeline = context.pipeline
        pipeline.addHandler(handler, name: "websocket", position: .after(self)).flatMap {
            pipeline.removeHandler(name: "http-encoder")
        }.flatMap {
            pipeline.removeHandler(name: "http-pipelining")
        }.flatMap {
            pipeline.removeHandler(name: "http-errors")
        }.flatMap {
            pipeline.removeHandler(name: "http-handler")
        }.flatMap {
            pipeline.removeHandler(name: "http-decoder")
        }.flatMap {
            pipeline.removeHandler(name: "http-idle")
        }.whenFailure { [channel = context.channel] error in
            FileHandle.standardError.write(Data("websocket upgrade failed: \(error)\n".utf8))
            channel.close(promise: nil)
        }
    }
}
