import Assistant
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `jobhunter serve`: HTTP on SwiftNIO, our own WebSocket protocol on /ws.
package final class HTTPServer: Sendable {
    package struct Configuration: Sendable {
        package var host: String
        package var port: Int
        package var maxBodyBytes = 1_048_576
        package var tokenLifetime: TimeInterval = 24 * 3600
        /// Browser origins allowed to call the API cross-origin (`--cors-origin`); empty allows none.
        package var corsOrigins: Set<String> = []
        /// Serves an unauthenticated raw echo at /ws/echo (`--echo-endpoint`); off by default.
        package var echoEndpoint = false
        /// A connection that sends no bytes for this long before its request is complete is answered 408 and
        /// closed, so slow or stalled clients cannot hold sockets forever. WebSockets rely on pings instead.
        package var requestTimeout: TimeAmount = .seconds(30)
        package var loginLimits = LoginLimits()
        /// The address of a reverse proxy (nginx) whose `X-Real-IP` names the client (`--trusted-proxy`); from any
        /// other peer that header is ignored, loopback included, because a client could set it to dodge limits.
        package var trustedProxies: Set<String> = []
        /// Caps on open connections, in all and per client address (`--max-connections`, `--max-connections-per-address`).
        package var maxConnections = 768
        package var maxConnectionsPerAddress = 64
        /// Turns (chat messages and REST tool calls) per user: a burst, then this many per minute. `serve` makes
        /// it stricter when a paid model is configured, because every turn then costs money.
        package var turnsBurst = 20.0
        package var turnsPerMinute = 30.0
        /// Open WebSockets one user may hold at once.
        package var maxWebSocketsPerUser = 16
        /// WebSocket frame and message limits (`--ws-max-frame`, `--ws-max-message`); unset, /ws allows 1 MiB
        /// frames and 4 MiB messages and /ws/echo 16 MiB of each, so conformance suites' performance cases pass.
        package var wsMaxFrame: Int?
        package var wsMaxMessage: Int?
        /// permessage-deflate (RFC 7692) when the client offers it; `--ws-compression off` turns it off.
        package var wsCompression = true
        /// Event-loop threads (`--event-loops`): one per core, each owning its connections.
        package var eventLoops = System.coreCount
        /// How often this instance tells the others which users it serves (`RemotePresence`).
        package var relayRosterInterval: Duration = .seconds(10)

        package init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    let configuration: Configuration
    let backend: any ChatBackend
    let signer: JWTSigner
    let clock: WallClock
    let started: Date
    let group: MultiThreadedEventLoopGroup
    let connections = ConnectionRegistry()
    let limiter: ConnectionLimiter
    let quotas: ServerQuotas
    /// Failed logins and revoked tokens: in the database, so every instance sees the same.
    let auth: any AuthStateStore
    let metrics = ServerMetrics()
    /// Failures a client only sees as a 500 or a generic error: logged here with their cause.
    let logger: Logger
    /// Turn events for a user's other connections, here and (with a relay) on other instances.
    package let fanout: TurnFanout

    package init(
        configuration: Configuration, backend: any ChatBackend, signer: JWTSigner, auth: any AuthStateStore = InMemoryAuthState(),
        clock: WallClock = .system, logger: Logger = Logger(label: "jobhunter.server")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.backend = backend
        self.signer = signer
        self.auth = auth
        self.clock = clock
        self.started = clock.now()
        fanout = TurnFanout(rosterInterval: configuration.relayRosterInterval)
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoops))
        quotas = ServerQuotas(turns: .init(burst: configuration.turnsBurst, perMinute: configuration.turnsPerMinute))
        limiter = ConnectionLimiter(
            limits: .init(total: configuration.maxConnections, perAddress: configuration.maxConnectionsPerAddress),
            exempt: configuration.trustedProxies)
    }

    /// Binds and returns the port actually bound (useful with port 0).
    package func start() async throws -> (Channel, Int) {
        let server = self
        // Every route with its middleware, built once and shared by every connection.
        let application = makeApplication()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .childChannelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 64 * 1024, high: 256 * 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    let address = channel.remoteAddress?.ipAddress ?? "unknown"
                    guard server.limiter.admit(address) else {
                        server.metrics.recordRefusal("connection_cap")
                        try pipeline.addHandler(RefuseConnectionHandler())
                        return
                    }
                    channel.closeFuture.whenComplete { _ in server.limiter.release(address) }
                    try pipeline.addHandler(IdleStateHandler(readTimeout: server.configuration.requestTimeout), name: "http-idle")
                    try pipeline.addHandler(
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)), name: "http-decoder")
                    try pipeline.addHandler(HTTPResponseEncoder(), name: "http-encoder")
                    // NIO's own: responses in request order for pipelined requests (the next request waits until
                    // the current response ends), and a 400 then close for requests that do not parse.
                    try pipeline.addHandler(HTTPServerPipelineHandler(), name: "http-pipelining")
                    try pipeline.addHandler(HTTPServerProtocolErrorHandler(), name: "http-errors")
                    try pipeline.addHandler(HTTPRequestHandler(server: server, application: application), name: "http-handler")
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
        return (channel, channel.localAddress?.port ?? configuration.port)
    }

    /// Sends close 1001 to every WebSocket, waits for turns to end (up to `deadline`), then stops.
    package func shutdown(_ listener: Channel, deadline: Duration = .seconds(10)) async {
        try? await listener.close()
        await connections.closeAll(deadline: .now() + .nanoseconds(Int64(deadline.inSeconds * 1e9)))
        try? await group.shutdownGracefully()
    }
}

/// Answers a connection over the caps with 503 and closes it, without reading a byte of its request.
final class RefuseConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        let body = #"{"error":"the server has too many open connections (from your address, or in all); try again shortly"}"#
        let response =
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n"
            + "retry-after: 5\r\nconnection: close\r\n\r\n" + body
        let channel = context.channel
        context.writeAndFlush(NIOAny(ByteBuffer(string: response))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Live WebSocket handlers, so shutdown can close each with 1001.
final class ConnectionRegistry: Sendable {
    private let handlers = Mutex<[ObjectIdentifier: WebSocketChannelHandler]>([:])

    func add(_ handler: WebSocketChannelHandler) { handlers.withLock { $0[ObjectIdentifier(handler)] = handler } }
    func count(userID: Int64) -> Int { handlers.withLock { $0.values.filter { $0.userID == userID && !$0.echo }.count } }
    func remove(_ handler: WebSocketChannelHandler) { handlers.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(handler)) } }
    var count: Int { handlers.withLock { $0.count } }

    func closeAll(deadline: NIODeadline) async {
        // Copied out first: closing a connection removes it from the registry, which must not wait on this lock.
        let open = handlers.withLock { Array($0.values) }
        let closing = open.map { $0.goingAway(deadline: deadline) }
        for future in closing { try? await future.get() }
    }
}
