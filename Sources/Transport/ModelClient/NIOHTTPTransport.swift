import Assistant
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `StreamingHTTPTransport` over SwiftNIO, for plain-HTTP model servers (llama.cpp, Ollama, vLLM on this
/// machine or this network). URLSession on Linux spins a core in the kernel while it waits for a response
/// (libdispatch re-arms the socket's write source in a loop: 21 s of system time in a 30 s wait), which on a small
/// machine takes that core from the model server itself. Here a wait costs nothing. HTTPS stays with URLSession.
package struct NIOHTTPTransport: StreamingHTTPTransport {
    let group: any EventLoopGroup

    package init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// Whether this transport can carry requests to `url`.
    package static func supports(_ url: URL) -> Bool {
        url.scheme?.lowercased() == "http" && url.host != nil
    }

    package func send(_ request: HTTPRequest, timeout: Duration) async throws -> StreamingHTTPResponse {
        guard Self.supports(request.url), let host = request.url.host else {
            throw TransportError.connectionFailed("only http:// URLs go through this transport")
        }
        let port = request.url.port ?? 80
        let (body, bodyContinuation) = AsyncThrowingStream<[UInt8], Error>.makeStream()
        let handler = ResponseHandler(body: bodyContinuation)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(Int64(max(1, min(timeout.components.seconds, 60)))))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: host, port: port).get()
        } catch ChannelError.connectTimeout {
            throw TransportError.timedOut
        } catch {
            throw TransportError.connectionFailed(Self.describe(error))
        }
        bodyContinuation.onTermination = { _ in channel.close(promise: nil) }

        var headers = HTTPHeaders(request.headers.map { ($0.key, $0.value) })
        headers.replaceOrAdd(name: "Host", value: request.url.port.map { "\(host):\($0)" } ?? host)
        headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
        headers.replaceOrAdd(name: "Connection", value: "close")
        var path = request.url.path.isEmpty ? "/" : request.url.path
        if let query = request.url.query { path += "?" + query }
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: path, headers: headers)

        return try await withTaskCancellationHandler {
            let responseHead = try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Assistant.HTTPResponseHead, Error>) in
                handler.onHead(continuation, eventLoop: channel.eventLoop)
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
                channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: request.body))), promise: nil)
                channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { error in
                    handler.fail(TransportError.connectionFailed(Self.describe(error)), eventLoop: channel.eventLoop)
                }
            }
            return StreamingHTTPResponse(head: responseHead, body: body)
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED { return "connection refused" }
        if "\(error)".contains("connectionRefused") || "\(error)".contains("Connection refused") { return "connection refused" }
        return "\(error)"
    }
}

/// Hands the response head to the waiting request and the body pieces to the stream. Touched only on its
/// channel's event loop, hence `@unchecked Sendable`.
private final class ResponseHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private let body: AsyncThrowingStream<[UInt8], Error>.Continuation
    private var head: CheckedContinuation<Assistant.HTTPResponseHead, Error>?
    private var finished = false

    init(body: AsyncThrowingStream<[UInt8], Error>.Continuation) {
        self.body = body
    }

    func onHead(_ continuation: CheckedContinuation<Assistant.HTTPResponseHead, Error>, eventLoop: any EventLoop) {
        eventLoop.execute { self.head = continuation }
    }

    func fail(_ error: Error, eventLoop: any EventLoop) {
        eventLoop.execute { self.finish(error) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let response):
            var headers: [String: String] = [:]
            for (name, value) in response.headers { headers[name] = value }
            head?.resume(returning: Assistant.HTTPResponseHead(status: Int(response.status.code), headers: headers))
            head = nil
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes), !bytes.isEmpty { body.yield(bytes) }
        case .end:
            finish(nil)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(TransportError.connectionFailed(NIOHTTPTransport.describe(error)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(TransportError.connectionFailed("the server closed the connection without answering"))
    }

    private func finish(_ error: Error?) {
        guard !finished else { return }
        finished = true
        if let head {
            head.resume(throwing: error ?? TransportError.connectionFailed("the server closed the connection without answering"))
            self.head = nil
        }
        body.finish(throwing: error)
    }
}
