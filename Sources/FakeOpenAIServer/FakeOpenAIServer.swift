import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A Chat Completions server on 127.0.0.1 that answers each request with the next scripted reply and
/// records what it received. Replies can stream slowly, stall, or cut the connection mid-stream.
package final class FakeOpenAIServer: Sendable {
    package enum Reply: Sendable {
        /// A streamed 200 with these SSE chunks, `delay` apart.
        case stream([String], delay: Duration = .zero)
        /// Sends the chunks, then closes the connection without finishing the body.
        case cut([String])
        /// Sends the head and then nothing.
        case stall
        /// Sends `first`, then holds the rest until the gate opens: proves a client streams rather than buffers.
        case gated(first: [String], rest: [String], gate: Gate)
        case status(Int, headers: [String: String] = [:], body: String)
    }

    package struct Received: Sendable {
        package var path: String
        package var headers: [String: String]
        package var body: String
    }

    private let group: MultiThreadedEventLoopGroup
    private let channel: Channel
    private let script: Script

    package var port: Int { channel.localAddress?.port ?? 0 }
    package var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    package var received: [Received] { script.state.withLock { $0.received } }

    package init(_ replies: [Reply]) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let script = Script(replies)
        self.script = script
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    package func enqueue(_ replies: [Reply]) {
        script.state.withLock { $0.replies.append(contentsOf: replies) }
    }

    package func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// SSE chunks for a text answer.
    package static func text(_ pieces: [String]) -> [String] {
        pieces.map { piece in
            let escaped = piece.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(escaped)\"}}]}\n\n"
        } + [
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":7}}\n\n",
            "data: [DONE]\n\n",
        ]
    }

    /// SSE chunks for one tool call.
    package static func toolCall(id: String, name: String, arguments: String) -> [String] {
        let escaped = arguments.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return [
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"\(id)\",\"type\":\"function\",\"function\":{\"name\":\"\(name)\",\"arguments\":\"\(escaped)\"}}]}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":5}}\n\n",
            "data: [DONE]\n\n",
        ]
    }
}

/// Holds part of a response back until the test opens it, or until `timeout` passes (which a test
/// can detect through `openedByTimeout`).
package final class Gate: Sendable {
    private let state = Mutex<(open: Bool, timedOut: Bool, waiters: [@Sendable () -> Void])>((false, false, []))

    package init() {}

    package var openedByTimeout: Bool { state.withLock { $0.timedOut } }

    package func open() { release(timedOut: false) }

    func wait(timeout: Duration, _ then: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.open { return true }
            state.waiters.append(then)
            return false
        }
        if runNow { return then() }
        Task {
            try? await Task.sleep(for: timeout)
            self.release(timedOut: true)
        }
    }

    private func release(timedOut: Bool) {
        let waiters = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.open else { return [] }
            state.open = true
            state.timedOut = timedOut
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter() }
    }
}

/// The replies still to play and the requests seen, shared by every connection.
final class Script: Sendable {
    let state: Mutex<(replies: [FakeOpenAIServer.Reply], received: [FakeOpenAIServer.Received])>

    init(_ replies: [FakeOpenAIServer.Reply]) {
        state = Mutex((replies, []))
    }
}

/// Carries a context and handler to a closure that hops back onto their event loop before use.
private struct LoopBound: @unchecked Sendable {
    // @unchecked Sendable: only touched inside `loop.execute`, on the channel's own event loop.
    let context: ChannelHandlerContext
    let handler: Handler
}

private final class Handler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked Sendable: used only on its channel's event loop.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let script: Script
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(script: Script) {
        self.script = script
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            let received = FakeOpenAIServer.Received(
                path: head.uri, headers: Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }),
                body: body.readString(length: body.readableBytes) ?? "")
            let reply = script.state.withLock { state -> FakeOpenAIServer.Reply in
                state.received.append(received)
                return state.replies.isEmpty
                    ? .status(500, body: "{\"error\":{\"message\":\"no scripted reply\"}}") : state.replies.removeFirst()
            }
            respond(reply, context: context)
        }
    }

    private func respond(_ reply: FakeOpenAIServer.Reply, context: ChannelHandlerContext) {
        let loop = context.eventLoop
        switch reply {
        case .status(let status, let headers, let text):
            var responseHeaders = HTTPHeaders([("content-type", "application/json"), ("content-length", "\(text.utf8.count)")])
            for (name, value) in headers { responseHeaders.add(name: name, value: value) }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: responseHeaders))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .stream(let chunks, let delay):
            writeStreamHead(context)
            sendChunks(chunks[...], delay: delay, context: context, loop: loop) {
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
            }
        case .cut(let chunks):
            writeStreamHead(context)
            sendChunks(chunks[...], delay: .zero, context: context, loop: loop) {
                context.close(promise: nil)
            }
        case .stall:
            writeStreamHead(context)
        case .gated(let first, let rest, let gate):
            writeStreamHead(context)
            sendChunks(first[...], delay: .zero, context: context, loop: loop) {
                let box = LoopBound(context: context, handler: self)
                // Long enough that a loaded machine never opens it early (a flaky failure under a full test run);
                // a client that buffers the whole body still only sees the first delta after it.
                gate.wait(timeout: .seconds(30)) {
                    loop.execute {
                        box.handler.sendChunks(rest[...], delay: .zero, context: box.context, loop: loop) {
                            box.context.writeAndFlush(box.handler.wrapOutboundOut(.end(nil)), promise: nil)
                        }
                    }
                }
            }
        }
    }

    private func writeStreamHead(_ context: ChannelHandlerContext) {
        let headers = HTTPHeaders([("content-type", "text/event-stream"), ("transfer-encoding", "chunked")])
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
    }

    private func sendChunks(
        _ chunks: ArraySlice<String>, delay: Duration, context: ChannelHandlerContext, loop: EventLoop,
        then finish: @escaping () -> Void
    ) {
        guard let first = chunks.first else { return finish() }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: first)))), promise: nil)
        let rest = chunks.dropFirst()
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        if nanoseconds > 0 {
            loop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                self.sendChunks(rest, delay: delay, context: context, loop: loop, then: finish)
            }
        } else {
            sendChunks(rest, delay: delay, context: context, loop: loop, then: finish)
        }
    }
}
