import Foundation
import NIOCore
import NIOHTTP1

/// The switch `GET /ws` decided on: answer 101 and swap the HTTP handlers for the WebSocket one.
extension HTTPRequestHandler {
    func completeUpgrade(_ context: ChannelHandlerContext, _ upgrade: WebSocketUpgrade) {
        var response = HTTPHeaders([
            ("upgrade", "websocket"), ("connection", "Upgrade"), ("sec-websocket-accept", upgrade.accepted.acceptKey),
        ])
        if let subprotocol = upgrade.accepted.subprotocol { response.add(name: "sec-websocket-protocol", value: subprotocol) }
        if let compression = upgrade.compression { response.add(name: "sec-websocket-extensions", value: compression.responseHeader) }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .switchingProtocols, headers: response))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let handler = WebSocketChannelHandler(
            server: server, userID: upgrade.userID, eventLoop: context.eventLoop, echo: upgrade.echo, compression: upgrade.compression)
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
        }.whenFailure { [channel = context.channel, logger = server.logger] error in
            logger.error("websocket upgrade failed", metadata: ["error": "\(error)"])
            channel.close(promise: nil)
        }
    }
}
