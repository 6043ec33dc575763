import Assistant
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@testable import Transport

/// The router and its middleware without a socket: requests in, answers out, the log and the metrics read back.
@Suite("HTTP routes and middleware, without a socket")
struct HTTPRouterTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let signer = JWTSigner(secret: Array("a-test-secret-that-is-at-least-32-bytes".utf8))

    struct Fixture {
        let application: HTTPApplication
        let metrics = ServerMetrics()
        let log = CapturedLog()
        let auth = InMemoryAuthState()

        init(cors: Set<String> = [], configure: (inout HTTPRouter) -> Void) {
            var router = HTTPRouter()
            configure(&router)
            application = HTTPApplication(
                router: router, verifier: TokenVerifier(signer: HTTPRouterTests.signer, auth: auth, clock: .fixed(HTTPRouterTests.now)),
                metrics: metrics, corsOrigins: cors)
        }

        func send(_ method: HTTPMethod, _ uri: String, headers: [(String, String)] = [], body: String = "") async -> ServerResponse {
            let request = ServerRequest(method: method, uri: uri, headers: HTTPHeaders(headers), body: body)
            let logger = Logger(label: "test") { _ in log }
            return await application.respond(to: request, context: RequestContext(logger: logger, clientAddress: "192.0.2.7"))
        }
    }

    static func token(user: Int64, id: String = "jti-1", expires: Int = 3600) throws -> String {
        let issued = Int(now.timeIntervalSince1970)
        return try signer.sign(JWTSigner.Claims(sub: String(user), iat: issued, nbf: issued, exp: issued + expires, jti: id))
    }

    static func text(_ response: ServerResponse) -> String { String(buffer: response.body) }

    @Test("a registered route answers; another method on its path is 405 naming the allowed ones; an unknown path is 404")
    func routing() async {
        let fixture = Fixture { router in
            router.add(.GET, "/profile") { _, _ in .json(200, ["route": "get"]) }
            router.add(.PUT, "/profile") { _, _ in .json(200, ["route": "put"]) }
            router.add(.GET, .prefix("/files/")) { request, _ in .text(200, String(request.path.dropFirst(7)), type: "text/plain") }
        }
        #expect(Self.text(await fixture.send(.GET, "/profile?verbose=1")).contains("get"))
        #expect(Self.text(await fixture.send(.PUT, "/profile")).contains("put"))
        let wrongMethod = await fixture.send(.DELETE, "/profile")
        #expect(wrongMethod.status == 405 && wrongMethod.header("allow") == "GET, PUT")
        #expect(Self.text(await fixture.send(.GET, "/files/cv.md")) == "cv.md")
        #expect(await fixture.send(.GET, "/files/").status == 404, "a prefix route needs something after the prefix")
        let missing = await fixture.send(.GET, "/nowhere")
        #expect(missing.status == 404 && Self.text(missing).contains("no route GET /nowhere"))
    }

    @Test("a token route runs only with a genuine, unrevoked token and sees its user; open routes need none")
    func bearerTokens() async throws {
        let fixture = Fixture { router in
            router.add(.GET, "/me", access: .token) { _, context in .json(200, ["user": .number(Double(context.userID ?? -1))]) }
            router.add(.GET, "/open") { _, context in .json(200, ["user": context.userID.map { .number(Double($0)) } ?? .null]) }
        }
        let missing = await fixture.send(.GET, "/me")
        #expect(missing.status == 401 && Self.text(missing).contains("Authorization: Bearer"))
        let forged = await fixture.send(.GET, "/me", headers: [("authorization", "Bearer \(try Self.token(user: 7))x")])
        #expect(forged.status == 401)
        let expired = await fixture.send(.GET, "/me", headers: [("authorization", "Bearer \(try Self.token(user: 7, expires: -10))")])
        #expect(expired.status == 401)
        let genuine = await fixture.send(.GET, "/me", headers: [("authorization", "Bearer \(try Self.token(user: 7))")])
        #expect(genuine.status == 200 && Self.text(genuine) == #"{"user":7}"#)
        try await fixture.auth.revoke(tokenID: "jti-1", expiresAt: Self.now.addingTimeInterval(3600))
        let revoked = await fixture.send(.GET, "/me", headers: [("authorization", "Bearer \(try Self.token(user: 7))")])
        #expect(revoked.status == 401 && Self.text(revoked).contains("revoked"))
        #expect(Self.text(await fixture.send(.GET, "/open", headers: [("authorization", "Bearer junk")])) == #"{"user":null}"#)
        #expect(fixture.application.router.requiresTokenAtHead("/me") && !fixture.application.router.requiresTokenAtHead("/open"))
    }

    @Test("a WebSocket route also takes the token as the bearer.<jwt> subprotocol, and a refusal closes the connection")
    func webSocketToken() async throws {
        let fixture = Fixture { router in
            router.add(.GET, "/ws", access: .webSocketToken) { _, context in .json(200, ["user": .number(Double(context.userID ?? -1))]) }
        }
        let offered = "jobhunter.v1, bearer.\(try Self.token(user: 3))"
        #expect(Self.text(await fixture.send(.GET, "/ws", headers: [("sec-websocket-protocol", offered)])) == #"{"user":3}"#)
        let refused = await fixture.send(.GET, "/ws", headers: [("sec-websocket-protocol", "jobhunter.v1")])
        #expect(refused.status == 401 && refused.closesConnection && Self.text(refused).contains("subprotocol bearer.<jwt>"))
        #expect(!fixture.application.router.requiresTokenAtHead("/ws"), "the upgrade has no body worth refusing at the head")
    }

    @Test("CORS: preflights from allowed origins get 204, others 403; answers to an allowed origin carry allow-origin")
    func cors() async {
        let fixture = Fixture(cors: ["https://app.example"]) { router in
            router.add(.GET, "/health") { _, _ in .json(200, ["status": "ok"]) }
        }
        let preflight = await fixture.send(.OPTIONS, "/profile", headers: [("origin", "https://app.example")])
        #expect(preflight.status == 204 && preflight.header("access-control-allow-origin") == "https://app.example")
        #expect(preflight.header("access-control-allow-headers")?.contains("authorization") == true)
        #expect(await fixture.send(.OPTIONS, "/profile", headers: [("origin", "https://evil.example")]).status == 403)
        let allowed = await fixture.send(.GET, "/health", headers: [("origin", "https://app.example")])
        #expect(allowed.header("access-control-allow-origin") == "https://app.example" && allowed.header("vary") == "Origin")
        let other = await fixture.send(.GET, "/health", headers: [("origin", "https://evil.example")])
        #expect(other.status == 200 && other.header("access-control-allow-origin") == nil)
    }

    struct Unreachable: TemporaryFailure, CustomStringConvertible {
        var isTemporary: Bool { true }
        var description: String { "the database is unavailable (restarting)" }
    }

    struct Broken: Error, CustomStringConvertible {
        var description: String { "disk full at /var/lib/secret-path" }
    }

    @Test("errors: a temporary failure is a 503 with its reason, anything else a 500 that hides its cause from the client")
    func recovery() async {
        let fixture = Fixture { router in
            router.add(.GET, "/temporary") { _, _ in throw Unreachable() }
            router.add(.GET, "/broken") { _, _ in throw Broken() }
        }
        let temporary = await fixture.send(.GET, "/temporary")
        #expect(temporary.status == 503 && Self.text(temporary).contains("restarting"))
        let broken = await fixture.send(.GET, "/broken")
        #expect(broken.status == 500 && !Self.text(broken).contains("disk"))
        let failed = fixture.log.entries.first { $0.level == .error }
        #expect(failed?.message == "request failed" && failed?.metadata["error"]?.contains("disk full") == true)
    }

    @Test("the log: each refused or failed request once, by method and path, never its query, headers or body")
    func requestLog() async throws {
        let fixture = Fixture { router in
            router.add(.POST, "/auth/login") { _, _ in .error(401, "wrong username or password") }
            router.add(.GET, "/health") { _, _ in .json(200, ["status": "ok"]) }
        }
        _ = await fixture.send(.GET, "/health")
        _ = await fixture.send(
            .POST, "/auth/login?token=secret-query", headers: [("authorization", "Bearer secret-header")], body: #"{"password":"hunter22"}"#
        )
        _ = await fixture.send(.GET, "/nowhere")
        let entries = fixture.log.entries
        #expect(entries.count == 2, "\(entries)")
        #expect(entries.map { $0.metadata["status"] } == ["401", "404"])
        #expect(entries.first?.metadata["request"] == "POST /auth/login" && entries.first?.metadata["client"] == "192.0.2.7")
        let written = entries.map { "\($0.message) \($0.metadata)" }.joined()
        for secret in ["secret-query", "secret-header", "hunter22"] { #expect(!written.contains(secret)) }
    }

    @Test("an answer the connection decided (413, 408, a token refused at the head) is counted, logged and given CORS headers")
    func connectionAnswers() async {
        let fixture = Fixture(cors: ["https://app.example"]) { router in
            router.add(.POST, "/resume/analyze", access: .token) { _, _ in .json(200, ["ran": true]) }
        }
        let request = ServerRequest(method: .POST, uri: "/resume/analyze", headers: ["origin": "https://app.example"])
        let logger = Logger(label: "test") { _ in fixture.log }
        let answer = await fixture.application.respond(
            to: request, context: RequestContext(logger: logger, clientAddress: "192.0.2.7"),
            with: ServerResponse.error(413, "the request body is larger than 1 MB").closing())
        #expect(answer.status == 413 && answer.closesConnection && answer.header("access-control-allow-origin") == "https://app.example")
        #expect(fixture.log.entries.map { $0.metadata["status"] } == ["413"])
        #expect(fixture.metrics.prometheus(websockets: 0).contains(#"status="413"} 1"#))
    }
}

/// A swift-log handler that keeps what it is given, for tests that read the log.
final class CapturedLog: LogHandler, Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let stored = Mutex<[Entry]>([])
    private let storedMetadata = Mutex<Logger.Metadata>([:])
    var entries: [Entry] { stored.withLock { $0 } }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    var metadata: Logger.Metadata {
        get { storedMetadata.withLock { $0 } }
        set { storedMetadata.withLock { $0 = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { storedMetadata.withLock { $0[key] } }
        set { storedMetadata.withLock { $0[key] = newValue } }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String,
        line: UInt
    ) {
        var all = self.metadata.mapValues { "\($0)" }
        for (key, value) in metadata ?? [:] { all[key] = "\(value)" }
        stored.withLock { $0.append(Entry(level: level, message: "\(message)", metadata: all)) }
    }
}
