import Assistant
import Foundation
import Logging
import NIOHTTP1
import Testing

@testable import Transport

/// `serve`'s own route table, without a socket: which paths are open, which need a token, and what /ws decides.
@Suite("The server's routes, without a socket")
struct ServerRoutesTests {
    struct NoBackend: ChatBackend {
        struct Unused: Error {}
        func register(name: String, password: String) async throws { throw Unused() }
        func authenticate(name: String, password: String) async throws -> Int64? { nil }
        func conversation(userID: Int64) async throws -> Conversation { throw Unused() }
        func databaseReachable() async -> Bool { true }
        var databaseBackend: String { "sqlite" }
        func saveResume(userID: Int64, filename: String, content: Data) async throws -> String { "" }
        func exportFile(userID: Int64, name: String) async -> Data? { userID == 5 && name == "letter.md" ? Data("Dear".utf8) : nil }
        var toolSchemas: [ToolSchema] { [] }
    }

    static func server(echo: Bool = false) -> HTTPServer {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        configuration.echoEndpoint = echo
        configuration.eventLoops = 1
        return HTTPServer(
            configuration: configuration, backend: NoBackend(), signer: HTTPRouterTests.signer, clock: .fixed(HTTPRouterTests.now))
    }

    static func send(_ application: HTTPApplication, _ method: HTTPMethod, _ uri: String, headers: [(String, String)] = []) async
        -> ServerResponse
    {
        await application.respond(
            to: ServerRequest(method: method, uri: uri, headers: HTTPHeaders(headers)),
            context: RequestContext(logger: Logger(label: "test"), clientAddress: "192.0.2.7"))
    }

    static let handshake = [
        ("upgrade", "websocket"), ("connection", "Upgrade"), ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ("sec-websocket-version", "13"),
    ]

    @Test("pages are open; REST mirrors, logout and exports need a token from the head on; /ws checks its token in full")
    func access() async throws {
        let application = Self.server().makeApplication()
        #expect(await Self.send(application, .GET, "/health").status == 200)
        let wrongMethod = await Self.send(application, .POST, "/health")
        #expect(wrongMethod.status == 405 && wrongMethod.header("allow") == "GET")
        for path in ["/profile", "/jobs/search", "/auth/logout", "/exports/letter.md"] {
            #expect(application.router.requiresTokenAtHead(path), "\(path)")
        }
        for path in ["/health", "/auth/login", "/auth/register", "/ws", "/", "/metrics"] {
            #expect(!application.router.requiresTokenAtHead(path), "\(path)")
        }
        let token = try HTTPRouterTests.token(user: 5)
        let own = await Self.send(application, .GET, "/exports/letter.md", headers: [("authorization", "Bearer \(token)")])
        #expect(own.status == 200 && String(buffer: own.body) == "Dear" && own.contentType.hasPrefix("text/markdown"))
        let other = try HTTPRouterTests.token(user: 6)
        #expect(await Self.send(application, .GET, "/exports/letter.md", headers: [("authorization", "Bearer \(other)")]).status == 404)
    }

    @Test("/ws: a genuine token and a good handshake decide an upgrade for that user; a bad handshake is refused and closed")
    func webSocketUpgrade() async throws {
        let application = Self.server().makeApplication()
        let bearer = ("sec-websocket-protocol", "jobhunter.v1, bearer.\(try HTTPRouterTests.token(user: 9))")
        let upgraded = await Self.send(application, .GET, "/ws", headers: Self.handshake + [bearer])
        #expect(upgraded.status == 101 && upgraded.upgrade?.userID == 9 && upgraded.upgrade?.accepted.subprotocol == "jobhunter.v1")
        #expect(upgraded.upgrade?.accepted.acceptKey == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let oldVersion = await Self.send(
            application, .GET, "/ws", headers: [bearer] + Self.handshake.dropLast() + [("sec-websocket-version", "8")])
        #expect(oldVersion.status == 426 && oldVersion.closesConnection && oldVersion.header("Sec-WebSocket-Version") == "13")
        #expect(await Self.send(application, .GET, "/ws", headers: Self.handshake).status == 401)
        #expect(await Self.send(application, .GET, "/ws/echo", headers: Self.handshake).status == 404, "echo only when configured")
        let echo = await Self.send(Self.server(echo: true).makeApplication(), .GET, "/ws/echo", headers: Self.handshake)
        #expect(echo.upgrade?.echo == true)
    }
}
