import Assistant
import Foundation
import NIOCore

/// The thin I/O layer around `WebSocketConnection`: bytes in, actions performed, chat messages turned into
/// turns, and each turn's events sent as JSON text frames (see README "WebSocket protocol").
final class WebSocketChannelHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked Sendable: all state is touched only on the channel's event loop; turn tasks hop back with `execute`.
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let server: HTTPServer
    let userID: Int64
    /// Echoes every message back instead of chatting: the `--echo-endpoint` test mode at /ws/echo, for
    /// conformance suites and benchmarks of the codec alone.
    let echo: Bool
    /// The channel's loop; everything below is touched only on it.
    let eventLoop: any EventLoop
    private var connection: WebSocketConnection
    private var session = ChatSession()
    private var context: ChannelHandlerContext?
    private var turn: Task<Void, Never>?
    /// This connection, among the user's connections that receive each other's turn events.
    private let connectionID = UUID()

    init(server: HTTPServer, userID: Int64, eventLoop: any EventLoop, echo: Bool = false, compression: PerMessageDeflate.Agreement? = nil) {
        self.server = server
        self.userID = userID
        self.echo = echo
        self.eventLoop = eventLoop
        let configuration = server.configuration
        connection = WebSocketConnection(
            maxFrameBytes: configuration.wsMaxFrame ?? (echo ? 16 << 20 : 1 << 20),
            maxMessageBytes: configuration.wsMaxMessage ?? (echo ? 16 << 20 : 4 << 20), compression: compression)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        server.connections.add(self)
        server.metrics.recordConnection()
        if !echo {
            let bound = NIOLoopBound(self, eventLoop: eventLoop)
            let loop = eventLoop
            server.fanout.subscribe(userID: userID, connection: connectionID) { event in loop.execute { bound.value.relay(event) } }
        }
        scheduleKeepalive()
    }

    /// How often the connection's keepalive rule (`WebSocketConnection.keepaliveTick`) runs.
    static let keepaliveInterval: TimeAmount = .seconds(30)

    private func scheduleKeepalive() {
        eventLoop.scheduleTask(in: Self.keepaliveInterval) { [weak self] in
            guard let self, self.connection.state == .open, self.context != nil else { return }
            self.perform(self.connection.keepaliveTick())
            if self.connection.state == .open { self.scheduleKeepalive() }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        turn?.cancel()
        server.connections.remove(self)
        server.fanout.unsubscribe(userID: userID, connection: connectionID)
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let (events, actions) = connection.receive(bytes)
        perform(actions)
        for event in events {
            switch event {
            case .text(let text) where echo: perform(connection.sendText(text))
            case .binary(let bytes) where echo: perform(connection.sendBinary(bytes))
            case .text(let text): handle(text)
            default: break
            }
        }
        perform(connection.closeIfFailed())
    }

    func channelInactive(context: ChannelHandlerContext) {
        turn?.cancel()
    }

    /// Shutdown, from any thread: no new turns; a running turn may finish (its answer is sent) until
    /// `deadline`, when it is cancelled; then close 1001 ("going away") and drop the socket shortly after.
    func goingAway(deadline: NIODeadline) -> EventLoopFuture<Void> {
        let loop = eventLoop
        let closed = loop.makePromise(of: Void.self)
        loop.execute {
            self.session.beginDraining()
            self.closeWhenIdle(deadline: deadline, closed: closed)
        }
        return closed.futureResult
    }

    private func closeWhenIdle(deadline: NIODeadline, closed: EventLoopPromise<Void>) {
        if turn != nil && NIODeadline.now() < deadline {
            eventLoop.scheduleTask(in: .milliseconds(20)) { self.closeWhenIdle(deadline: deadline, closed: closed) }
            return
        }
        turn?.cancel()
        perform(connection.close(code: 1001, reason: "server shutting down"))
        eventLoop.scheduleTask(in: .milliseconds(100)) {
            self.context?.close(promise: nil)
            closed.succeed()
        }
    }

    private func perform(_ actions: [WebSocketConnection.Action]) {
        guard let context else { return }
        for action in actions {
            switch action {
            case .send(let bytes):
                // Bytes written but not yet taken by the client. A client that stops reading is closed once this
                // passes the cap, instead of the server buffering for it without bound.
                pendingBytes += bytes.count
                guard pendingBytes <= maxPendingBytes else {
                    server.metrics.recordSlowClientClosed()
                    return context.close(promise: nil)
                }
                let bound = NIOLoopBound(self, eventLoop: eventLoop)
                let count = bytes.count
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes))).whenComplete { _ in bound.value.pendingBytes -= count }
            case .closeSocket: context.close(promise: nil)
            }
        }
    }

    private func send(_ event: ServerEvent) {
        send(event.json)
    }

    private func send(_ json: JSONValue) {
        perform(connection.sendText(json.jsonText))
    }

    /// Another connection's turn event: live progress delivered at most once, so it is dropped rather than queued
    /// while this client is not reading.
    private func relay(_ json: JSONValue) {
        guard pendingBytes <= Self.relayHighWater else { return }
        send(json)
    }

    private var pendingBytes = 0
    /// Past this many unsent bytes, other connections' events are dropped for this one.
    static let relayHighWater = 256 * 1024
    /// Past this many unsent bytes the client is closed: enough for any chat reply, and for an echo of the
    /// largest message the echo endpoint accepts.
    var maxPendingBytes: Int { echo ? 64 * 1_048_576 : 4 * 1_048_576 }

    /// While the socket's buffer is full, stop reading this client: it cannot send more work than it takes back.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.channel.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    private func handle(_ text: String) {
        let (server, userID) = (self.server, self.userID)
        let limits = ChatSession.Limits(maxMessageBytes: Conversation.defaultMaxInputBytes) { spending in
            let quota = spending == .turn ? server.quotas.turns : server.quotas.uploads
            let wait = quota.spend(String(userID), now: server.clock.now())
            if wait != nil { server.metrics.recordRefusal("rate_limit") }
            return wait
        }
        for action in session.receive(text, limits: limits) {
            switch action {
            case .send(let event): send(event)
            case .startTurn(let number, let body):
                server.metrics.recordMessage()
                startTurn(number: number, text: body)
            case .cancelTurn: turn?.cancel()
            case .loadHistory: sendHistory()
            case .saveResume(let filename, let content): saveResume(filename: filename, content: content)
            }
        }
    }

    private func saveResume(filename: String, content: Data) {
        answer { backend, userID in
            do {
                let summary = try await backend.saveResume(userID: userID, filename: filename, content: content)
                return .resumeSaved(filename: filename, text: summary)
            } catch {
                return .error("could not read \(filename): \(error)")
            }
        }
    }

    /// The stored conversation's user and assistant messages (the newest 50, each cut at 4,000 characters, so a
    /// reply stays under about 200 KB), e.g. after reconnecting. One at a time per connection.
    private func sendHistory() {
        answer(done: { $0.session.historyAnswered() }) { backend, userID in
            do {
                let messages = try await backend.conversation(userID: userID).refreshedMessages()
                let shown = messages.filter { ($0.role == .user || $0.role == .assistant) && !$0.content.isEmpty }.suffix(50)
                return .history(
                    shown.map { message in
                        (
                            message.role.rawValue,
                            message.content.count > 4_000 ? String(message.content.prefix(4_000)) + "…" : message.content
                        )
                    })
            } catch {
                return .error("could not load your conversation: \(error)")
            }
        }
    }

    /// Runs backend work off the event loop and sends its reply on this connection; `done` runs on the loop after.
    private func answer(
        done: @escaping (WebSocketChannelHandler) -> Void = { _ in },
        _ work: @escaping @Sendable (any ChatBackend, Int64) async -> ServerEvent
    ) {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let finish = NIOLoopBound(done, eventLoop: loop)
        let backend = server.backend
        let userID = self.userID
        Task {
            let reply = await work(backend, userID)
            loop.execute {
                bound.value.send(reply)
                finish.value(bound.value)
            }
        }
    }

    private func startTurn(number: Int, text: String) {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let backend = server.backend
        let userID = self.userID
        let metrics = server.metrics
        let fanout = server.fanout
        let server = self.server
        let origin = connectionID
        let turnID = UUID().uuidString
        let started = ContinuousClock.now
        let startedAt = Date()
        fanout.publish(userID: userID, origin: origin, turnStarted: startedAt) {
            ServerEvent.userMessage(text).json(turnID: turnID, relayed: true)
        }
        turn = Task {
            // This connection gets its events directly; the user's other connections, here and on other instances,
            // get a copy marked as coming from another connection, text deltas merged to a few a second.
            var relayed = RelayCoalescer()
            func emit(_ event: ServerEvent) {
                let own = event.json(turn: number, turnID: turnID)
                // The turn is over for this connection as soon as its last event is sent, so a client that answers
                // at once is never told a turn is still running.
                loop.execute {
                    bound.value.send(own)
                    if event.endsTurn { bound.value.turnEnded(number) }
                }
                for copy in relayed.relay(event, at: .now) {
                    fanout.publish(userID: userID, origin: origin, turnStarted: startedAt) { copy.json(turnID: turnID, relayed: true) }
                }
            }
            do {
                let conversation = try await backend.conversation(userID: userID)
                var finished = false
                for await event in conversation.send(text) {
                    switch event {
                    case .textDelta(let delta): emit(.delta(delta))
                    case .toolCall(let call): emit(.toolCall(name: call.name, arguments: call.arguments))
                    case .toolResult(let call, _, let failed): emit(.toolResult(name: call.name, failed: failed))
                    case .notice(let notice): emit(.notice(notice))
                    case .final(let message):
                        finished = true
                        emit(.final(message.content))
                    case .error(let error):
                        finished = true
                        emit(.error(error.description))
                    }
                }
                if !finished { emit(.error("Cancelled.")) }
                metrics.recordTurn(seconds: (ContinuousClock.now - started).inSeconds, failed: !finished)
            } catch {
                server.logger.error("could not open a conversation", metadata: ["user": "\(userID)", "error": "\(error)"])
                emit(.error("could not open your conversation"))
            }
            loop.execute { bound.value.turnEnded(number) }
        }
    }

    private func turnEnded(_ number: Int) {
        session.turnEnded(number)
        if !session.turnRunning { turn = nil }
    }
}
