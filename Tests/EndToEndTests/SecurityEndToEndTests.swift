import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The findings of the security review (SECURITY.md), each probed against the real server binary.
@Suite("security of jobhunter serve, end to end", .serialized)
struct SecurityEndToEndTests {
    let http = ServerEndToEndTests()

    @Test("finding 1: no request reads a server file, over REST or chat; the reply is the same whether the path exists or not")
    func noServerFileRead() async throws {
        let scratch = try ScratchFolder()
        let notes = scratch.url.appendingPathComponent("private-notes.txt")
        try Data("TOP SECRET launch codes 0000\nSkills: Swift\n".utf8).write(to: notes)
        let (server, port) = try await http.start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let mallory = ["Authorization": "Bearer \(try await http.token(port, "mallory"))"]

        var bodies: Set<String> = []
        for path in [notes.path, scratch.url.appendingPathComponent("jwt-secret").path, "/etc/passwd", "/no/such/file.txt"] {
            let (status, body, _) = try await http.request(
                port, "POST", "/resume/analyze", body: #"{"path": \#(jsonString(path))}"#, headers: mallory)
            let text = String(decoding: body, as: UTF8.self)
            #expect(status == 200 && !text.contains("SECRET") && !text.contains("root:") && !text.contains("score"), "\(path): \(text)")
            bodies.insert(text)
        }
        #expect(bodies.count == 1, "existing and missing paths get the same answer: \(bodies)")

        let client = try await WebSocketTestClient.open(port: port, headers: mallory)
        client.sendText(#"{"type":"message","text":"analyze my resume \#(notes.path)"}"#)
        let events = await client.messages { ["final", "error"].contains($0["type"] as? String) }
        let reply = events.last?["text"] as? String ?? ""
        #expect(reply.contains("Upload") && !reply.contains("SECRET"), "\(reply)")
        client.sendText(#"{"type":"message","text":"prepare me for an interview"}"#)
        let prep = await client.messages { ["final", "error"].contains($0["type"] as? String) }
        let prepText = prep.last?["text"] as? String ?? ""
        #expect(!prepText.contains("SECRET"), "no stored resume echoes the file")
    }

    @Test("finding 2: the database, its WAL and the JWT secret are readable by their owner only")
    func privateFiles() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await http.start(scratch, environment: ["JOBHUNTER_JWT_SECRET": ""])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        _ = try await http.token(port, "ada")
        for name in ["jobhunter.sqlite", "jobhunter.sqlite-wal", "jwt-secret"] {
            let path = scratch.url.appendingPathComponent(name).path
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name) is \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test("finding 3: registering a terminal user's name is refused; `jobhunter users set-password` gives that user web access")
    func terminalAccountsCannotBeClaimed() async throws {
        let scratch = try ScratchFolder()
        let terminal = try await BinaryRunner.chat(["add Welding to my skills"], database: scratch.database, user: "victor")
        #expect(terminal.status == 0)
        let (server, port) = try await http.start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        let claim = #"{"username": "Victor", "password": "attacker password"}"#
        #expect(try await http.post(port, "/auth/register", claim).0 == 409)
        #expect(try await http.post(port, "/auth/login", claim).0 == 401)

        let set = try await BinaryRunner.run(
            ["users", "set-password", "victor", "--db", scratch.database], input: Data("victor's own passphrase\n".utf8))
        #expect(set.status == 0, "\(set.stderr)")
        let (status, login) = try await http.post(port, "/auth/login", #"{"username": "victor", "password": "victor's own passphrase"}"#)
        #expect(status == 200)
        let token = try #require(login["token"] as? String)
        let (_, profile, _) = try await http.request(port, "GET", "/profile", headers: ["Authorization": "Bearer \(token)"])
        #expect(String(decoding: profile, as: UTF8.self).contains("Welding"), "the terminal user's own profile")

        let short = try await BinaryRunner.run(["users", "set-password", "victor", "--db", scratch.database], input: Data("short\n".utf8))
        #expect(short.status != 0 && short.stderr.contains("8 to 256"))
    }

    @Test(
        "finding 7: parallel wrong guesses are counted before hashing; another address still logs in; X-Real-IP counts only from a trusted proxy"
    )
    func loginThrottle() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await http.start(scratch, ["--trusted-proxy", "127.0.0.2"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        #expect(try await http.post(port, "/auth/register", #"{"username": "nurse", "password": "correct horse battery"}"#).0 == 201)

        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/auth/login")!)
                    request.httpMethod = "POST"
                    request.setValue("198.51.100.\(index)", forHTTPHeaderField: "X-Real-IP")  // ignored: not from 127.0.0.2
                    request.httpBody = Data(#"{"username": "nurse", "password": "wrong guess number \#(index)"}"#.utf8)
                    return ((try await URLSession.shared.data(for: request)).1 as? HTTPURLResponse)?.statusCode ?? 0
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 401 }.count <= 5, "only the first five guesses were checked: \(statuses.sorted())")
        #expect(statuses.filter { $0 == 429 }.count >= 35, "\(statuses.sorted())")

        // The owner, from another address (through the trusted proxy), is not locked out by the stranger's guesses.
        let owner = try await rawLogin(port: port, via: "127.0.0.2", client: "203.0.113.50")
        #expect(owner.hasPrefix("HTTP/1.1 200"), "\(owner.prefix(200))")
    }

    /// A login sent from `via` (a loopback address of this machine) as a proxy would, naming `client`.
    private func rawLogin(port: Int, via source: String, client: String) async throws -> String {
        let body = #"{"username": "nurse", "password": "correct horse battery"}"#
        let request =
            "POST /auth/login HTTP/1.1\r\nHost: x\r\nX-Real-IP: \(client)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        return try await offPool { WebSocketTestClient.rawExchange(port: port, from: source, Array(request.utf8)) }
    }

    private func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [text])) ?? Data(), as: UTF8.self).dropFirst().dropLast().description
    }
}

@Suite("HTTP/1.1 correctness and page headers, end to end", .serialized)
struct HTTPCorrectnessEndToEndTests {
    let http = ServerEndToEndTests()

    @Test(
        "findings 9 and 10: pipelined requests answered in order, 400 and close for malformed requests, HEAD without a body, Connection: close honoured, strict CSP and nosniff"
    )
    func protocolAndHeaders() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await http.start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        let pipelined = await WebSocketTestClient.rawExchange(
            port: port,
            Array(
                "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        let health = try #require(pipelined.range(of: "\"status\""))
        let openapi = try #require(pipelined.range(of: "\"openapi\""))
        #expect(health.lowerBound < openapi.lowerBound, "answers come in request order")
        #expect(pipelined.components(separatedBy: "HTTP/1.1 200").count == 3)

        for malformed in [
            "NOT A REQUEST\r\n\r\n",
            "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        ] {
            let answer = await WebSocketTestClient.rawExchange(port: port, Array(malformed.utf8))
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(malformed.debugDescription) → \(answer.prefix(80).debugDescription)")
        }

        let head = await WebSocketTestClient.rawExchange(port: port, Array("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        let (headers, body) = split(head)
        #expect(headers.hasPrefix("HTTP/1.1 200") && body.isEmpty, "HEAD has headers and no body: \(body.prefix(60))")
        #expect(headers.lowercased().contains("content-security-policy: default-src 'self'; script-src 'self';"))
        #expect(headers.lowercased().contains("frame-ancestors 'none'") && headers.lowercased().contains("connect-src 'self';"))
        #expect(!headers.contains("unsafe-inline'; connect-src 'self' ws:"), "no inline script, no WebSocket to other hosts")

        let http10 = await WebSocketTestClient.rawExchange(port: port, Array("GET /health HTTP/1.0\r\n\r\n".utf8))
        #expect(http10.contains("\"status\""), "HTTP/1.0 is answered and the connection closed (rawExchange returned)")

        let docs = split(
            await WebSocketTestClient.rawExchange(port: port, Array("GET /docs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        ).0
        #expect(docs.lowercased().contains("content-security-policy: default-src 'none'"))
        let script = split(
            await WebSocketTestClient.rawExchange(port: port, Array("GET /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)))
        #expect(script.0.lowercased().contains("x-content-type-options: nosniff") && script.1.contains("WebSocket"))
    }

    private func split(_ response: String) -> (String, String) {
        guard let range = response.range(of: "\r\n\r\n") else { return (response, "") }
        return (String(response[..<range.lowerBound]), String(response[range.upperBound...]))
    }
}

@Suite("limits of jobhunter serve, end to end", .serialized)
struct ServerLimitsEndToEndTests {
    let http = ServerEndToEndTests()

    @Test("finding 5: an oversized message is refused before it is mirrored; one history at a time per connection")
    func inputLimitsAndHistory() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await http.start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let auth = ["Authorization": "Bearer \(try await http.token(port, "teacher"))"]
        let sender = try await WebSocketTestClient.open(port: port, headers: auth)
        let watcher = try await WebSocketTestClient.open(port: port, headers: auth)

        sender.sendText(#"{"type":"message","text":"\#(String(repeating: "a", count: 70_000))"}"#)
        let refusal = await sender.messages { $0["type"] as? String == "error" }
        #expect((refusal.last?["message"] as? String)?.contains("at most 64 KiB") == true)
        sender.sendText(#"{"type":"message","text":"hello"}"#)
        let mirrored = await watcher.messages { $0["type"] as? String == "final" }
        #expect(mirrored.first?["text"] as? String == "hello", "the first thing the other connection sees is the small message")

        for _ in 0..<30 { watcher.sendText(#"{"type":"history"}"#) }
        var histories = 0
        var refused = 0
        while histories + refused < 30, let frame = await watcher.nextFrame() {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(frame.payload))) as? [String: Any] else { continue }
            if object["type"] as? String == "history" { histories += 1 }
            if (object["message"] as? String)?.contains("already being answered") == true { refused += 1 }
        }
        #expect(histories >= 1 && refused >= 1 && histories + refused == 30, "histories \(histories), refused \(refused)")
    }

    @Test(
        "finding 6: a request must be complete within --request-timeout however slowly it trickles; connections past the per-address cap get 503"
    )
    func slowlorisAndConnectionCaps() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await http.start(scratch, ["--request-timeout", "2", "--max-connections-per-address", "4"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        let trickle = try await offPool { () -> (String, Double) in
            guard let socket = WebSocketTestClient.connectLocal(port: port) else { return ("", 0) }
            defer { close(socket) }
            let started = Date()
            var answer = [UInt8](repeating: 0, count: 4096)
            for byte in Array("GET /health HTTP/1.1\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 40) {
                var one = byte
                guard Glibc.send(socket, &one, 1, Int32(MSG_NOSIGNAL)) == 1 else { break }
                usleep(250_000)
                var poll = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                if Glibc.poll(&poll, 1, 0) > 0 { break }
            }
            let count = recv(socket, &answer, answer.count, 0)
            return (String(decoding: answer.prefix(max(0, count)), as: UTF8.self), Date().timeIntervalSince(started))
        }
        #expect(trickle.1 < 6, "cut after about 2 s although a byte came every 0.25 s (took \(trickle.1) s)")
        #expect(trickle.0.isEmpty || trickle.0.hasPrefix("HTTP/1.1 408"), "\(trickle.0.prefix(60))")

        // The cap on a server of its own with a long request timeout: with 2 s, a held connection that sat idle
        // that long on a loaded machine was closed by the server, and its free slot let the fifth in.
        let cappedScratch = try ScratchFolder()
        let capped = try await http.start(cappedScratch, ["--request-timeout", "60", "--max-connections-per-address", "4"])
        defer {
            capped.0.terminate()
            capped.0.waitUntilExit()
        }
        let cappedPort = capped.1
        let held = (0..<4).compactMap { _ in WebSocketTestClient.connectLocal(port: cappedPort) }
        #expect(held.count == 4)
        // Each held connection answers one keep-alive request first, so all four are accepted and counted before the
        // fifth arrives (a fixed sleep was not enough on a loaded machine: the fifth was served, and gone, before the
        // last held one was even accepted).
        let answered = try await offPool {
            held.map { socket -> String in
                let request = Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
                _ = request.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                return Self.answer(on: socket, within: 10_000)
            }
        }
        #expect(answered.allSatisfy { $0.hasPrefix("HTTP/1.1 200") }, "\(answered.map { $0.prefix(20) })")
        let fifth = await WebSocketTestClient.rawExchange(port: cappedPort, Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(fifth.hasPrefix("HTTP/1.1 503"), "fifth: \(fifth.prefix(60))")
        for socket in held { close(socket) }
        try await Task.sleep(for: .milliseconds(300))
        let after = await WebSocketTestClient.rawExchange(
            port: cappedPort, Array("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(after.hasPrefix("HTTP/1.1 200"), "a slot is free again once a connection closes")
        _ = cappedScratch
    }

    /// What the server sent on `socket` within `milliseconds`, or "" when it sent nothing.
    static func answer(on socket: Int32, within milliseconds: Int32) -> String {
        var poll = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poll, 1, milliseconds) > 0 else { return "" }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
    }

    @Test("finding 8: registration needs JSON and is rate-limited per address; WebSockets per user are capped; turns are rate-limited")
    func quotas() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await http.start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        var form = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/auth/register")!)
        form.httpMethod = "POST"
        form.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        form.httpBody = Data(#"{"username": "csrf", "password": "correct horse battery"}"#.utf8)
        #expect(((try await URLSession.shared.data(for: form)).1 as? HTTPURLResponse)?.statusCode == 415)

        let registered = try await withThrowingTaskGroup(of: (index: Int, status: Int).self) { group in
            for index in 0..<22 {
                group.addTask {
                    (
                        index,
                        try await http.post(
                            port, "/auth/register", #"{"username": "driver\#(index)", "password": "correct horse battery"}"#
                        ).0
                    )
                }
            }
            return try await group.reduce(into: [(index: Int, status: Int)]()) { $0.append($1) }
        }
        let statuses = registered.map(\.status)
        #expect(statuses.filter { $0 == 201 }.count == 20 && statuses.filter { $0 == 429 }.count == 2, "\(statuses.sorted())")

        // Which two of the concurrent registrations were refused depends on timing: log in as one that was not.
        let accepted = try #require(registered.first { $0.status == 201 }?.index)
        let login = try await http.post(port, "/auth/login", #"{"username": "driver\#(accepted)", "password": "correct horse battery"}"#)
        let auth = ["Authorization": "Bearer \(try #require(login.1["token"] as? String))"]
        var sockets: [WebSocketTestClient] = []
        for _ in 0..<16 { sockets.append(try await WebSocketTestClient.open(port: port, headers: auth)) }
        #expect(sockets.allSatisfy { $0.status == 101 })
        #expect(try await WebSocketTestClient.open(port: port, headers: auth).status == 429, "the 17th connection of one user")

        let chatty = sockets[0]
        for _ in 0..<25 { chatty.sendText(#"{"type":"message","text":"find truck driver jobs"}"#) }
        var limited = false
        for _ in 0..<200 {
            guard let frame = await chatty.nextFrame() else { break }
            let text = String(decoding: frame.payload, as: UTF8.self)
            if text.contains("faster than I can answer") {
                limited = true
                break
            }
        }
        #expect(limited, "25 messages at once run into the per-user turn rate")
    }
}
