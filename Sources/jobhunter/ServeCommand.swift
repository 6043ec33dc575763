import ArgumentParser
import Assistant
import Foundation
import Logging
import PostgresStorage
import ServiceLifecycle
import Storage
import Transport

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP and WebSocket server (see README \"Server\").",
        discussion: "Prints \"listening on http://HOST:PORT\" once ready. SIGTERM or SIGINT closes WebSockets with 1001 and exits 0.")

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port (0 picks a free one).")
    var port = 8080

    @OptionGroup var database: DatabaseOptions

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp("A browser origin allowed to call the API, e.g. https://app.example.com (repeatable).", valueName: "ORIGIN"))
    var corsOrigins: [String] = []

    @Flag(
        name: .customLong("echo-endpoint"),
        help: "Also serve an unauthenticated raw WebSocket echo at /ws/echo (for conformance suites and benchmarks; never in production).")
    var echoEndpoint = false

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "Address of a reverse proxy whose X-Real-IP header names the client, e.g. 127.0.0.1 for nginx on this machine (repeatable); the header is ignored from anyone else.",
            valueName: "ADDRESS"))
    var trustedProxies: [String] = []

    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp(
            "Open connections the server accepts in all; past it new ones get 503 (keep it below the descriptor limit, ulimit -n).",
            valueName: "N"))
    var maxConnections = 768

    @Option(
        name: .customLong("max-connections-per-address"),
        help: ArgumentHelp("Open connections one client address may hold (a --trusted-proxy is exempt).", valueName: "N"))
    var maxConnectionsPerAddress = 64

    @Option(
        name: .customLong("max-websockets-per-user"),
        help: ArgumentHelp("WebSocket connections one user may hold at once (past it: 429).", valueName: "N"))
    var maxWebSocketsPerUser = 16

    @Option(
        name: .customLong("ws-max-frame"),
        help: ArgumentHelp(
            "Largest WebSocket frame payload in bytes (default 1 MiB on /ws, 16 MiB on /ws/echo); larger ones close with 1009.",
            valueName: "BYTES"))
    var wsMaxFrame: Int?

    @Option(
        name: .customLong("ws-max-message"),
        help: ArgumentHelp(
            "Largest WebSocket message in bytes (default 4 MiB on /ws, 16 MiB on /ws/echo); larger ones close with 1009.",
            valueName: "BYTES"))
    var wsMaxMessage: Int?

    @Option(
        name: .customLong("ws-compression"),
        help: ArgumentHelp(
            "permessage-deflate on WebSocket connections whose client offers it (every browser does): on or off.", valueName: "on|off"))
    var wsCompression: Switch = .on

    @Option(name: .customLong("event-loops"), help: ArgumentHelp("Event-loop threads (default: one per core).", valueName: "N"))
    var eventLoops = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp(
            "Seconds a connection may stay silent before its HTTP request is complete (408, then closed).", valueName: "SECONDS"))
    var requestTimeout = 30

    @Option(
        name: .customLong("relay-roster-interval"),
        help: ArgumentHelp(
            "With PostgreSQL: seconds between this instance's announcements of which users it serves, so other instances "
                + "relay a turn only to users connected here.", valueName: "SECONDS", visibility: .hidden))
    var relayRosterInterval = 10.0

    @Option(
        name: .customLong("turns-per-minute"),
        help: ArgumentHelp(
            "Chat messages and REST tool calls each user may send per minute, after a burst (default 30; 10 with a paid model).",
            valueName: "N"))
    var turnsPerMinute: Int?

    @Flag(
        name: .customLong("live-jobs"),
        help: "Refresh the index from the job boards in the background when someone searches (needs network).")
    var liveJobs = false

    @OptionGroup var resourceOptions: ResourceOptions

    @OptionGroup(title: "Model") var modelOptions: ModelOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...3600).contains(requestTimeout) else { throw ValidationError("--request-timeout must be between 1 and 3600 seconds") }
        guard (1...256).contains(eventLoops) else { throw ValidationError("--event-loops must be between 1 and 256") }
        if let turnsPerMinute, !(1...1_000_000).contains(turnsPerMinute) {
            throw ValidationError("--turns-per-minute must be between 1 and 1000000")
        }
        guard (0.1...3600).contains(relayRosterInterval) else {
            throw ValidationError("--relay-roster-interval must be between 0.1 and 3600 seconds")
        }
        for (name, value) in [("--ws-max-frame", wsMaxFrame), ("--ws-max-message", wsMaxMessage)] {
            if let value, !(125...(1 << 30)).contains(value) { throw ValidationError("\(name) must be between 125 bytes and 1 GiB") }
        }
        guard (1...1_000_000).contains(maxWebSocketsPerUser) else {
            throw ValidationError("--max-websockets-per-user must be between 1 and 1,000,000")
        }
        guard maxConnections >= 1, maxConnectionsPerAddress >= 1 else {
            throw ValidationError("--max-connections and --max-connections-per-address must be at least 1")
        }
        for origin in corsOrigins {
            guard let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.path.isEmpty else {
                throw ValidationError(
                    "--cors-origin must be an origin like https://app.example.com (scheme and host, no path), not '\(origin)'")
            }
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let environment = ProcessInfo.processInfo.environment
        let server: HTTPServer
        let root = try ResourceLocator.locate(explicit: resourceOptions.resources)
        let opened = try await database.open(environment: environment, waitForDatabase: .seconds(15))
        let model = try modelOptions.choice(environment: environment)
        let backend = try LiveChatBackend(
            stores: opened.stores, exportDirectory: opened.exportDirectory, resourceRoot: root,
            cache: CacheLocation.gazetteerCache(environment: environment), model: model,
            catalog: try modelOptions.catalog(resourceRoot: root, environment: environment),
            contextTokens: modelOptions.contextTokens, liveJobs: liveJobs)
        let secret = try await JWTSecret.load(environment: environment, opened: opened)
        var configuration = HTTPServer.Configuration(host: host, port: port)
        configuration.corsOrigins = Set(corsOrigins)
        configuration.echoEndpoint = echoEndpoint
        configuration.trustedProxies = Set(trustedProxies)
        configuration.maxConnections = maxConnections
        configuration.maxConnectionsPerAddress = maxConnectionsPerAddress
        configuration.maxWebSocketsPerUser = maxWebSocketsPerUser
        configuration.wsMaxFrame = wsMaxFrame
        configuration.wsMaxMessage = wsMaxMessage
        configuration.eventLoops = eventLoops
        configuration.relayRosterInterval = .milliseconds(Int(relayRosterInterval * 1000))
        configuration.wsCompression = wsCompression == .on
        configuration.requestTimeout = .seconds(Int64(requestTimeout))
        // A model behind an API key bills every turn: a third of the offline allowance.
        if case .openAI(let settings) = model, !(settings.apiKey ?? "").isEmpty {
            configuration.turnsBurst = 10
            configuration.turnsPerMinute = 10
        }
        if let turnsPerMinute {
            configuration.turnsPerMinute = Double(turnsPerMinute)
            configuration.turnsBurst = min(configuration.turnsBurst, Double(turnsPerMinute))
        }
        server = HTTPServer(configuration: configuration, backend: backend, signer: JWTSigner(secret: secret), auth: opened.stores.auth)
        // One lifetime for every part, in start order; the group shuts them down in reverse (see ServeServices).
        var services: [any Service] = []
        if let postgres = opened.postgres {
            services.append(DatabaseService(database: postgres))
            // With PostgreSQL, turn events reach the user's connections on the other instances through LISTEN/NOTIFY.
            services.append(EventRelayService(relay: PostgresEventRelay(database: postgres), fanout: server.fanout))
        }
        if let refresh = backend.background { services.append(BackgroundRefreshService(refresh: refresh)) }
        let (host, backendName, location) = (host, opened.stores.backend, opened.stores.location)
        services.append(
            HTTPServerService(server: server) { bound in
                FileHandle.standardOutput.write(Data("listening on http://\(host):\(bound) (database: \(backendName) \(location))\n".utf8))
            })
        let group = ServiceGroup(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "jobhunter.serve"))
        try await group.run()
    }
}

/// The JWT secret: JOBHUNTER_JWT_SECRET, else a random one generated on first start and kept — (0600) beside the
/// SQLite file, or in PostgreSQL where every instance reads the same one — so tokens survive restarts and work on
/// any instance.
enum JWTSecret {
    static func load(environment: [String: String], opened: OpenedStores) async throws -> [UInt8] {
        if let value = environment["JOBHUNTER_JWT_SECRET"], value.utf8.count >= 32 { return Array(value.utf8) }
        guard let path = opened.sqlitePath else {
            return try await opened.stores.auth.sharedSecret(named: "jwt") { try Crypto.randomBytes(32) }
        }
        return try fileSecret(beside: path)
    }

    /// The secret kept in `jwt-secret` beside the SQLite file, created on first use.
    private static func fileSecret(beside databasePath: String) throws -> [UInt8] {
        let file = URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("jwt-secret")
        if let stored = try? String(contentsOf: file, encoding: .utf8),
            let bytes = Base64URL.decode(stored.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 32
        {
            return bytes
        }
        let secret = try Crypto.randomBytes(32)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission) }
        defer { close(descriptor) }
        let text = Array(Base64URL.encode(secret).utf8)
        _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        return secret
    }
}

/// An on/off option value, e.g. `--ws-compression off`.
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}
