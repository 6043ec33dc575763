import FakeOpenAIServer
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two `serve` instances on one PostgreSQL behind deploy/nginx.conf, as deploy/README.md runs them.
@Suite("scale-out: two instances, PostgreSQL, nginx", .serialized, .enabled(if: TestPostgres.enabled))
struct ScaleOutEndToEndTests {
    static let secret = "scale-out-secret-that-is-long-enough-32b"

    func startInstance(_ databaseURL: String, model: FakeOpenAIServer, _ extra: [String] = []) throws -> (Process, Int) {
        try ServerProcess.start(
            databaseArguments: ["--database-url", databaseURL],
            ["--model", "m", "--base-url", model.baseURL, "--trusted-proxy", "127.0.0.1"] + extra,
            environment: ["JOBHUNTER_JWT_SECRET": Self.secret, "OPENAI_API_KEY": "sk-test-scale-out"])
    }

    func request(_ port: Int, _ method: String, _ path: String, _ body: String? = nil, token: String? = nil) async throws -> (
        Int, [String: Any]
    ) {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    static func isEnd(_ event: [String: Any]) -> Bool {
        ["final", "error"].contains(event["type"] as? String) && event["origin"] == nil
    }

    @Test(
        "register through one instance, chat through the other; events fan out across instances; SIGKILL mid-turn, reconnect through nginx to the survivor with the conversation intact"
    )
    func registerChatKillReconnect() async throws {
        let databaseURL = try await TestPostgres.freshDatabase()
        let model = try await FakeOpenAIServer([
            .stream(FakeOpenAIServer.text(["Hello from ", "instance A."])),
            .stall,
            .stream(FakeOpenAIServer.text(["Still here after the crash."])),
        ])
        let (first, firstPort) = try startInstance(databaseURL, model: model)
        let (second, secondPort) = try startInstance(databaseURL, model: model)
        defer {
            for process in [first, second] where process.isRunning { process.terminate() }
        }
        let scratch = try ScratchFolder()
        let nginx = try await offPool { try TestNginx(upstreams: [firstPort, secondPort], folder: scratch.url) }
        defer { nginx.stop() }

        // An account made on one instance logs in on the other: users, password hashes and the signing secret are shared.
        #expect(try await request(firstPort, "POST", "/auth/register", #"{"username":"ada","password":"correct horse"}"#).0 == 201)
        #expect(try await request(secondPort, "POST", "/auth/register", #"{"username":"ADA","password":"other horse"}"#).0 == 409)
        let (status, login) = try await request(secondPort, "POST", "/auth/login", #"{"username":"ada","password":"correct horse"}"#)
        #expect(status == 200)
        let token = try #require(login["token"] as? String)
        #expect(try await request(firstPort, "GET", "/profile", token: token).0 == 200, "a token from one instance works on the other")
        let (health, body) = try await request(nginx.port, "GET", "/health")
        #expect(health == 200 && body["backend"] as? String == "postgresql" && body["database"] as? Bool == true)

        // nginx balances WebSockets: two through the proxy land one on each instance (least_conn).
        do {
            let a = try await WebSocketTestClient.open(port: nginx.port, headers: ["Authorization": "Bearer \(token)"])
            let b = try await WebSocketTestClient.open(port: nginx.port, headers: ["Authorization": "Bearer \(token)"])
            #expect(a.status == 101 && b.status == 101)
            let counts = (try await websocketCount(firstPort), try await websocketCount(secondPort))
            #expect(counts == (1, 1))
        }
        for _ in 0..<100 {
            let open = try await websocketCount(firstPort) + (try await websocketCount(secondPort))
            if open == 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // One user, one connection on each instance: a turn on A reaches the connection on B through LISTEN/NOTIFY.
        let onFirst = try await WebSocketTestClient.open(port: firstPort, headers: ["Authorization": "Bearer \(token)"])
        let onSecond = try await WebSocketTestClient.open(port: secondPort, headers: ["Authorization": "Bearer \(token)"])
        #expect(onFirst.status == 101 && onSecond.status == 101)
        onFirst.sendText(#"{"type":"message","text":"hello there"}"#)
        let own = await onFirst.messages(until: Self.isEnd)
        #expect(own.last?["text"] as? String == "Hello from instance A.")
        let mirrored = await onSecond.messages { $0["type"] as? String == "final" }
        #expect(mirrored.first?["type"] as? String == "user_message" && mirrored.first?["text"] as? String == "hello there")
        #expect(mirrored.last?["text"] as? String == "Hello from instance A." && mirrored.last?["origin"] as? String == "other_connection")
        #expect(mirrored.last?["turn_id"] as? String == own.last?["turn_id"] as? String)

        // Through nginx: start a turn that stalls in the model, then kill the instance holding the socket.
        let viaProxy = try await WebSocketTestClient.open(port: nginx.port, headers: ["Authorization": "Bearer \(token)"])
        #expect(viaProxy.status == 101)
        viaProxy.sendText(#"{"type":"message","text":"remember that I like Rust"}"#)
        for _ in 0..<100 where model.received.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(model.received.count == 2, "the stalled turn reached the model")
        let holder = try await websocketCount(firstPort) >= 2 ? first : second
        let survivorPort = holder === first ? secondPort : firstPort
        kill(holder.processIdentifier, SIGKILL)
        await holder.exited()
        // The proxied socket ends with its instance; drain whatever was in flight.
        while await viaProxy.nextFrame() != nil {}

        let reconnected = try await WebSocketTestClient.open(port: nginx.port, headers: ["Authorization": "Bearer \(token)"])
        #expect(reconnected.status == 101, "nginx sends the reconnect to the survivor")
        reconnected.sendText(#"{"type":"history"}"#)
        let history = try await #require(reconnected.messages { $0["type"] as? String == "history" }.last?["messages"] as? [[String: Any]])
        #expect(
            history.map { $0["text"] as? String ?? "" } == ["hello there", "Hello from instance A.", "remember that I like Rust"],
            "the committed user message of the killed turn survives; nothing is lost or reordered")
        reconnected.sendText(#"{"type":"message","text":"are you still there?"}"#)
        #expect(await reconnected.messages(until: Self.isEnd).last?["text"] as? String == "Still here after the crash.")
        #expect(try await websocketCount(survivorPort) >= 1)

        // Logout through nginx revokes the token on every instance.
        #expect(try await request(nginx.port, "POST", "/auth/logout", token: token).0 == 200)
        #expect(try await request(survivorPort, "GET", "/profile", token: token).0 == 401)
    }

    @Test("an instance that loses PostgreSQL answers 503 on /health and recovers by itself when the database returns")
    func databaseOutage() async throws {
        let databaseURL = try await TestPostgres.freshDatabase()
        // A local TCP relay stands in for the network path to PostgreSQL, so the test can cut it without stopping
        // the shared test server.
        guard let target = URLComponents(string: databaseURL), let port = target.port else { throw URLError(.badURL) }
        let relay = try TCPRelay(targetPort: port)
        var viaRelay = target
        viaRelay.port = relay.port
        let model = try await FakeOpenAIServer([])
        let (server, serverPort) = try startInstance(viaRelay.string ?? databaseURL, model: model)
        defer { if server.isRunning { server.terminate() } }
        #expect(try await request(serverPort, "GET", "/health").0 == 200)
        relay.cut()
        let (down, body) = try await request(serverPort, "GET", "/health")
        #expect(down == 503 && body["database"] as? Bool == false && body["status"] as? String == "degraded")
        let (registering, error) = try await request(serverPort, "POST", "/auth/register", #"{"username":"bo","password":"correct horse"}"#)
        #expect(registering == 503, "a clear temporary error, not a hang or a 500")
        #expect((error["error"] as? String)?.contains("database is unavailable") == true)
        relay.restore()
        var recovered = 0
        for _ in 0..<60 where recovered != 200 {
            recovered = try await request(serverPort, "GET", "/health").0
            if recovered != 200 { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(recovered == 200, "the pool reconnects without a restart")
        #expect(try await request(serverPort, "POST", "/auth/register", #"{"username":"bo","password":"correct horse"}"#).0 == 201)

        // Stopping while the database is unreachable still ends the process: nothing waits on a dead connection
        // (the event relay's goodbye once did, forever).
        relay.cut()
        server.terminate()
        let stopped = ContinuousClock.now
        for _ in 0..<200 where server.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.isRunning, "serve still running \(ContinuousClock.now - stopped) after SIGTERM with the database cut off")
    }

    @Test(
        "the jobs and chat commands work on the shared database: a corpus loaded from the terminal is searched by an instance, and the terminal sees the web user's profile"
    )
    func terminalOnSharedDatabase() async throws {
        let databaseURL = try await TestPostgres.freshDatabase()
        let generated = try await BinaryRunner.run(["jobs", "generate", "--count", "300", "--database-url", databaseURL])
        #expect(generated.status == 0 && generated.stdout.contains("300 new"), "\(generated.stderr)")
        let (server, port) = try await ServerProcess.start(
            databaseArguments: ["--database-url", databaseURL], environment: ["JOBHUNTER_JWT_SECRET": Self.secret])
        defer { if server.isRunning { server.terminate() } }
        #expect(try await request(port, "POST", "/auth/register", #"{"username":"ada","password":"correct horse"}"#).0 == 201)
        let token = try #require(
            try await request(port, "POST", "/auth/login", #"{"username":"ada","password":"correct horse"}"#).1["token"] as? String)
        let (searched, hits) = try await request(port, "POST", "/jobs/search", #"{"query":"engineer"}"#, token: token)
        #expect(searched == 200 && ((hits["results"] as? [Any])?.isEmpty == false), "the instance searches the corpus the terminal loaded")
        #expect(try await request(port, "PUT", "/profile", #"{"add_skills":["Rust","Go"]}"#, token: token).0 == 200)
        let chat = try await BinaryRunner.run(
            ["chat", "--user", "ADA", "--database-url", databaseURL], input: Data("show my profile\n".utf8))
        #expect(chat.status == 0)
        #expect(chat.stdout.contains("Skills: Rust, Go"), "\(chat.stdout)")
        let bad = try await BinaryRunner.run(["jobs", "search", "x", "--database-url", "postgres://nobody@127.0.0.1:1/none"])
        #expect(bad.status != 0 && bad.stderr.contains("connection refused"))
        #expect(!bad.stderr.contains("secret"))
    }

    @Test("a turn is sent through PostgreSQL only while the user has a connection on another instance (relayed events in /metrics)")
    func relayOnlyWhenPresentElsewhere() async throws {
        let databaseURL = try await TestPostgres.freshDatabase()
        let model = try await FakeOpenAIServer((0..<4).map { .stream(FakeOpenAIServer.text(["Answer ", "number \($0)."])) })
        let presence = ["--relay-roster-interval", "0.3"]
        let (first, firstPort) = try startInstance(databaseURL, model: model, presence)
        let (second, secondPort) = try startInstance(databaseURL, model: model, presence)
        defer {
            for process in [first, second] where process.isRunning { process.terminate() }
        }
        #expect(try await request(firstPort, "POST", "/auth/register", #"{"username":"nurse","password":"night shift"}"#).0 == 201)
        let token = try #require(
            try await request(firstPort, "POST", "/auth/login", #"{"username":"nurse","password":"night shift"}"#).1["token"] as? String)
        // Past one roster interval, each instance knows whom the other serves.
        try await Task.sleep(for: .seconds(1))

        let alone = try await WebSocketTestClient.open(port: firstPort, headers: ["Authorization": "Bearer \(token)"])
        alone.sendText(#"{"type":"message","text":"any night shifts?"}"#)
        #expect(await alone.messages(until: Self.isEnd).last?["text"] as? String == "Answer number 0.")
        #expect(try await relayedEvents(firstPort) == 0, "one connection, nobody elsewhere: no NOTIFY at all")

        // A turn that started just before a connection opened elsewhere is replayed to it (instances' clocks may
        // differ a little); this one is well before.
        try await Task.sleep(for: .seconds(1))
        do {
            let elsewhere = try await WebSocketTestClient.open(port: secondPort, headers: ["Authorization": "Bearer \(token)"])
            #expect(elsewhere.status == 101)
            try await Task.sleep(for: .milliseconds(500))
            alone.sendText(#"{"type":"message","text":"and in Houston?"}"#)
            #expect(await alone.messages(until: Self.isEnd).last?["text"] as? String == "Answer number 1.")
            let mirrored = await elsewhere.messages { $0["type"] as? String == "final" }
            #expect(mirrored.last?["text"] as? String == "Answer number 1.", "the connection on the other instance gets the turn")
            #expect(try await relayedEvents(firstPort) > 0)
        }
        for _ in 0..<100 where try await websocketCount(secondPort) > 0 { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(500))
        let before = try await relayedEvents(firstPort)
        alone.sendText(#"{"type":"message","text":"thanks"}"#)
        #expect(await alone.messages(until: Self.isEnd).last?["text"] as? String == "Answer number 2.")
        #expect(try await relayedEvents(firstPort) == before, "the other connection closed: back to no NOTIFY")

        // A second tab opens on the other instance and the first tab sends at once, before that instance's
        // announcement can have arrived: the new tab still gets the whole turn, from the user's message on (and not
        // the turn before, which ended before it opened).
        try await Task.sleep(for: .milliseconds(500))
        let newTab = try await WebSocketTestClient.open(port: secondPort, headers: ["Authorization": "Bearer \(token)"])
        alone.sendText(#"{"type":"message","text":"one more"}"#)
        #expect(await alone.messages(until: Self.isEnd).last?["text"] as? String == "Answer number 3.")
        let whole = await newTab.messages { $0["type"] as? String == "final" }
        #expect(whole.first?["type"] as? String == "user_message" && whole.first?["text"] as? String == "one more", "\(whole)")
        #expect(whole.last?["text"] as? String == "Answer number 3.")
    }

    func relayedEvents(_ port: Int) async throws -> Int {
        guard let url = URL(string: "http://127.0.0.1:\(port)/metrics") else { throw URLError(.badURL) }
        let (data, _) = try await URLSession.shared.data(from: url)
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("jobhunter_relayed_events_total ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
    }

    func websocketCount(_ port: Int) async throws -> Int {
        (try await request(port, "GET", "/health").1["websockets"] as? Int) ?? 0
    }
}
