import FakeOpenAIServer
import Foundation
import Testing
import Transport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("jobhunter serve, end to end", .serialized)
struct ServerEndToEndTests {
    static let secret = "end-to-end-secret-that-is-long-enough-32"

    /// Starts the server on a free port and returns it once it prints its address.
    func start(_ scratch: ScratchFolder, _ extra: [String] = [], environment: [String: String] = [:]) async throws -> (Process, Int) {
        try await ServerProcess.start(
            database: scratch.database, extra, environment: ["JOBHUNTER_JWT_SECRET": Self.secret].merging(environment) { $1 })
    }

    func post(_ port: Int, _ path: String, _ body: String) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    @Test("register, log in, chat over our WebSocket with the same tools as the terminal, and close with 1001 on SIGTERM")
    func chatOverWebSocket() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch)
        defer { if server.isRunning { server.terminate() } }

        #expect(try await post(port, "/auth/register", #"{"username":"ada","password":"correct horse"}"#).0 == 201)
        #expect(try await post(port, "/auth/register", #"{"username":"ada","password":"correct horse"}"#).0 == 409)
        #expect(try await post(port, "/auth/register", #"{"username":"bo","password":"short"}"#).0 == 400)
        #expect(try await post(port, "/auth/login", #"{"username":"ada","password":"wrong horse"}"#).0 == 401)
        let (status, login) = try await post(port, "/auth/login", #"{"username":"ada","password":"correct horse"}"#)
        #expect(status == 200)
        let token = try #require(login["token"] as? String)

        let client = try await WebSocketTestClient.open(port: port, headers: ["Authorization": "Bearer \(token)"])
        #expect(client.status == 101)
        client.sendText(#"{"type":"message","text":"add Rust and Go to my skills"}"#)
        let turn = await client.messages { ($0["type"] as? String) == "final" || ($0["type"] as? String) == "error" }
        #expect(turn.contains { ($0["type"] as? String) == "tool_call" && ($0["name"] as? String) == "update_profile" })
        #expect((turn.last?["text"] as? String)?.contains("added skills: Rust, Go") == true)
        #expect(turn.last?["turn"] as? Int == 1)

        client.sendText("not json")
        #expect(await (client.messages { _ in true }.first?["message"] as? String)?.contains("expected JSON") == true)

        // A second connection of the same user shares the conversation.
        let second = try await WebSocketTestClient.open(port: port, headers: ["Sec-WebSocket-Protocol": "jobhunter.v1, bearer.\(token)"])
        #expect(second.status == 101)
        second.sendText(#"{"type":"message","text":"show my profile"}"#)
        #expect(
            await (second.messages { ($0["type"] as? String) == "final" }.last?["text"] as? String)?.contains("Skills: Rust, Go") == true)

        kill(server.processIdentifier, SIGTERM)
        var close: (opcode: UInt8, payload: [UInt8])?
        while let frame = await client.nextFrame() {
            if frame.opcode == 8 {
                close = frame
                break
            }
        }
        #expect(close?.payload.prefix(2) == [0x03, 0xE9], "close code 1001")
        await server.exited()
        #expect(server.terminationStatus == 0)
    }

    @Test("missing, forged, expired and alg-none tokens are refused with 401 before upgrading; health answers")
    func tokens() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let (health, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)
        #expect((try JSONSerialization.jsonObject(with: health) as? [String: Any])?["database"] as? Bool == true)

        let now = Int(Date().timeIntervalSince1970)
        let expired = try JWTSigner(secret: Array(Self.secret.utf8)).sign(
            .init(sub: "1", iat: now - 7200, nbf: now - 7200, exp: now - 3600, jti: "x"))
        let forged = try JWTSigner(secret: Array("another-secret-another-secret-32b".utf8)).sign(
            .init(sub: "1", iat: now, nbf: now, exp: now + 3600, jti: "x"))
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + Base64URL.encode(Array(#"{"sub":"1"}"#.utf8)) + "."
        for headers in [
            [:], ["Authorization": "Bearer \(expired)"], ["Authorization": "Bearer \(forged)"], ["Authorization": "Bearer \(none)"],
        ] {
            #expect(try await WebSocketTestClient.open(port: port, headers: headers).status == 401, "\(headers)")
        }
        #expect(try await WebSocketTestClient.open(port: port, headers: ["Sec-WebSocket-Version": "8"]).status != 101)
    }

    @Test(
        "repeated wrong passwords from one address back that address off for that name with 429, the right password included; /metrics counts responses"
    )
    func loginLockoutAndMetrics() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let account = #"{"username": "grace", "password": "correct horse battery"}"#
        #expect(try await post(port, "/auth/register", account).0 == 201)
        for _ in 0..<5 {
            #expect(try await post(port, "/auth/login", #"{"username": "grace", "password": "wrong password"}"#).0 == 401)
        }
        let (locked, body) = try await post(port, "/auth/login", account)
        #expect(locked == 429)
        #expect((body["retry_after"] as? Double ?? 0) > 0)

        let (metrics, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        let text = String(decoding: metrics, as: UTF8.self)
        #expect(text.contains(#"jobhunter_http_responses_total{status="401"} 5"#))
        #expect(text.contains(#"jobhunter_http_responses_total{status="429"} 1"#))
        #expect(text.contains("# TYPE jobhunter_turn_seconds histogram"))
    }

    @Test("behind a --trusted-proxy the per-address login limit counts X-Real-IP clients apart; the logout deny-list persists")
    func proxiedAddressesAndLogout() async throws {
        let scratch = try ScratchFolder()
        var (server, port) = try await start(scratch, ["--trusted-proxy", "127.0.0.1"])
        defer {
            if server.isRunning {
                server.terminate()
                server.waitUntilExit()
            }
        }
        func login(_ name: String, from client: String) async throws -> Int {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/auth/login")!)
            request.httpMethod = "POST"
            request.setValue(client, forHTTPHeaderField: "X-Real-IP")
            request.httpBody = Data(#"{"username": "\#(name)", "password": "wrong password"}"#.utf8)
            return ((try await URLSession.shared.data(for: request)).1 as? HTTPURLResponse)?.statusCode ?? 0
        }
        for index in 0..<20 { #expect(try await login("guess\(index)", from: "203.0.113.7") == 401) }
        #expect(try await login("someone", from: "203.0.113.7") == 429, "that client is over the per-address limit")
        #expect(try await login("someone", from: "198.51.100.2") == 401, "another client behind the same proxy is not")

        let account = #"{"username": "hopper", "password": "correct horse battery"}"#
        #expect(try await post(port, "/auth/register", account).0 == 201)
        let token = try #require(try await post(port, "/auth/login", account).1["token"] as? String)
        var logout = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/auth/logout")!)
        logout.httpMethod = "POST"
        logout.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        #expect(((try await URLSession.shared.data(for: logout)).1 as? HTTPURLResponse)?.statusCode == 200)
        server.terminate()
        await server.exited()
        (server, port) = try await start(scratch, ["--trusted-proxy", "127.0.0.1"])
        let client = try await WebSocketTestClient.open(port: port, headers: ["Authorization": "Bearer \(token)"])
        #expect(client.status == 401, "a logged-out token stays refused after a restart")
    }

    func request(
        _ port: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws -> (Int, Data, HTTPURLResponse?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, data, http)
    }

    func token(_ port: Int, _ name: String) async throws -> String {
        let account = "{\"username\": \"\(name)\", \"password\": \"correct horse battery\"}"
        _ = try await post(port, "/auth/register", account)
        return try await post(port, "/auth/login", account).1["token"] as? String ?? ""
    }

    @Test("--turns-per-minute sets each user's turn allowance: past it, 429 with the wait; other users are unaffected")
    func turnsPerMinute() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch, ["--turns-per-minute", "2"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let nurse = ["Authorization": "Bearer \(try await token(port, "nurse"))"]
        #expect(try await request(port, "GET", "/profile", headers: nurse).0 == 200)
        #expect(try await request(port, "GET", "/profile", headers: nurse).0 == 200)
        let (refused, body, _) = try await request(port, "GET", "/profile", headers: nurse)
        #expect(refused == 429 && String(decoding: body, as: UTF8.self).contains("retry_after"))
        let driver = ["Authorization": "Bearer \(try await token(port, "driver"))"]
        #expect(try await request(port, "GET", "/profile", headers: driver).0 == 200)
        let invalid = try await BinaryRunner.run([
            "serve", "--turns-per-minute", "0", "--db", scratch.url.appendingPathComponent("x.sqlite").path,
        ])
        #expect(invalid.status != 0 && invalid.stderr.contains("--turns-per-minute must be between 1 and 1000000"))
    }

    @Test("REST mirrors call the chat tools per user behind the bearer token, with 400/401/405 for bad requests")
    func restMirrors() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let ada = ["Authorization": "Bearer \(try await token(port, "ada"))"]
        let bob = ["Authorization": "Bearer \(try await token(port, "bob"))"]

        let (updated, _, _) = try await request(port, "PUT", "/profile", body: #"{"add_skills": ["Swift", "Kotlin"]}"#, headers: ada)
        #expect(updated == 200)
        let (_, adaProfile, _) = try await request(port, "GET", "/profile", headers: ada)
        #expect(String(decoding: adaProfile, as: UTF8.self).contains("Kotlin"))
        let (_, bobProfile, _) = try await request(port, "GET", "/profile", headers: bob)
        #expect(!String(decoding: bobProfile, as: UTF8.self).contains("Kotlin"), "users never see each other's data")

        let (market, marketBody, _) = try await request(port, "GET", "/analytics/job-market?role=software+developer", headers: ada)
        #expect(market == 200)
        #expect(String(decoding: marketBody, as: UTF8.self).contains("15-1252"))

        #expect(try await request(port, "GET", "/profile").0 == 401)
        #expect(try await request(port, "GET", "/profile", headers: ["Authorization": "Bearer not.a.token"]).0 == 401)
        #expect(try await request(port, "POST", "/jobs/search", body: "[1, 2]", headers: ada).0 == 400)
        #expect(try await request(port, "POST", "/jobs/search", body: "{not json", headers: ada).0 == 400)
        #expect(try await request(port, "PUT", "/profile", body: #"{"add_skills": 7}"#, headers: ada).0 == 422)
        let (wrongMethod, _, response) = try await request(port, "DELETE", "/profile", headers: ada)
        #expect(wrongMethod == 405)
        #expect(response?.value(forHTTPHeaderField: "Allow") == "GET, POST, PUT")
    }

    @Test("/openapi.json describes every endpoint with the tools' schemas; /docs renders it; CORS follows --cors-origin")
    func openAPIDocsAndCORS() async throws {
        let scratch = try ScratchFolder()
        let (process, port) = try await start(scratch, ["--cors-origin", "http://localhost:3000"])
        defer {
            process.terminate()
            process.waitUntilExit()
        }

        let (_, data, _) = try await request(port, "GET", "/openapi.json")
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
        for path in [
            "/profile", "/jobs/search", "/jobs/recommendations", "/resume/analyze", "/resume/optimize", "/cover-letter/generate",
            "/interview/prepare", "/analytics/job-market", "/analytics/career-advice", "/auth/login", "/health", "/ws", "/metrics",
        ] {
            #expect(paths[path] != nil, "\(path) is documented")
        }
        let search = paths["/jobs/search"]?["post"] as? [String: Any]
        let schema =
            (((search?["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
            as? [String: Any]
        #expect((schema?["properties"] as? [String: Any])?["query"] != nil, "the body schema is the search_jobs tool's")
        #expect(Set((paths["/profile"] ?? [:]).keys) == ["get", "post", "put"])

        let (_, docs, _) = try await request(port, "GET", "/docs")
        #expect(String(decoding: docs, as: UTF8.self).contains("POST /jobs/search"))

        let (allowed, _, preflight) = try await request(port, "OPTIONS", "/jobs/search", headers: ["Origin": "http://localhost:3000"])
        #expect(allowed == 204)
        #expect(preflight?.value(forHTTPHeaderField: "Access-Control-Allow-Origin") == "http://localhost:3000")
        #expect(try await request(port, "OPTIONS", "/jobs/search", headers: ["Origin": "https://evil.example"]).0 == 403)
        let (_, _, plain) = try await request(port, "GET", "/health", headers: ["Origin": "https://evil.example"])
        #expect(plain?.value(forHTTPHeaderField: "Access-Control-Allow-Origin") == nil)
    }

    @Test("a web user with no resume is told to upload one, never to type a /resume path the page cannot use")
    func noResumeOnTheWeb() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let client = try await WebSocketTestClient.open(port: port, headers: ["Authorization": "Bearer \(try await token(port, "driver"))"])
        #expect(client.status == 101)
        for text in [
            "write a cover letter for a Truck Driver job: haul freight across Texas and Oklahoma on regional routes, keep "
                + "electronic logs, inspect the rig before each trip and deliver on schedule",
            "analyze my resume", "optimize my resume for a truck driver job", "prepare me for an interview for a truck driver job",
        ] {
            client.sendText(#"{"type":"message","text":"\#(text)"}"#)
            let reply = await (client.messages { ["final", "error"].contains($0["type"] as? String) }.last?["text"] as? String) ?? ""
            #expect(!reply.contains("/resume") && !reply.contains("PATH") && !reply.contains("~/"), "\(text): \(reply)")
            #expect(reply.contains("Upload resume"), "\(text): \(reply)")
        }
    }

    @Test("a resume uploaded over the WebSocket becomes the user's resume; bad files get a reason naming the file")
    func resumeUpload() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let client = try await WebSocketTestClient.open(port: port, headers: ["Authorization": "Bearer \(try await token(port, "ada"))"])
        #expect(client.status == 101)
        let resume = """
            Ada Lovelace
            ada@example.com
            Experience
            Senior iOS Engineer, Acme, 2019 - 2024
            - Shipped a Swift and SwiftUI banking app used by 2 million customers
            - Cut crash rate by 40% with Kotlin and Swift test automation
            Skills: Swift, SwiftUI, Kotlin, SQL
            """
        let encoded = Data(resume.utf8).base64EncodedString()
        client.sendText(#"{"type":"resume","filename":"../../etc/ada.md","content_base64":"\#(encoded)"}"#)
        let saved = await client.messages { _ in true }.first
        #expect(saved?["type"] as? String == "resume_saved")
        #expect((saved?["text"] as? String)?.contains("Saved your resume ada.md") == true)
        #expect((saved?["text"] as? String)?.contains("Swift") == true)

        let binary = Data([0xFF, 0xFE, 0x00, 0x41]).base64EncodedString()
        client.sendText(#"{"type":"resume","filename":"cv.txt","content_base64":"\#(binary)"}"#)
        let refused = await (client.messages { _ in true }.first?["message"] as? String) ?? ""
        #expect(refused.contains("cv.txt is not UTF-8 text"))
        #expect(!refused.contains("/tmp") && !refused.contains("jobhunter-upload"), "no server paths in errors")
        client.sendText(#"{"type":"resume","filename":"cv.txt","content_base64":"%%%"}"#)
        #expect(await (client.messages { _ in true }.first?["message"] as? String)?.contains("base64") == true)

        client.sendText(#"{"type":"message","text":"analyze my resume"}"#)
        let analysis = await client.messages { ($0["type"] as? String) == "final" || ($0["type"] as? String) == "error" }.last
        #expect((analysis?["text"] as? String)?.contains("/100") == true, "the saved resume is analysed: \(analysis ?? [:])")
    }

    @Test(
        "an independent client (Python websockets) chats over /ws and round-trips text, binary, fragments and 1 MB at /ws/echo, compressed and not",
        .enabled(if: PythonVenv.available || PythonVenv.required))
    func pythonClient() async throws {
        try #require(PythonVenv.available, "needs .venv/bin/python with websockets (make test)")
        let scratch = try ScratchFolder()
        let (process, port) = try await start(scratch, ["--echo-endpoint"])
        defer {
            process.terminate()
            process.waitUntilExit()
        }

        let client = try await PythonVenv.run(
            "Tests/Python/websocket_client.py", ["http://127.0.0.1:\(port)", try await token(port, "py")])
        #expect(client.status == 0, "\(client.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(client.output.utf8)) as? [String: Any])
        let types = report["chat_types"] as? [String] ?? []
        #expect(types.contains("tool_call") && types.last == "final", "\(types)")
        #expect((report["chat_final"] as? String)?.contains("Python") == true)
        #expect((report["chat_extensions"] as? String)?.hasPrefix("permessage-deflate; server_no_context_takeover") == true, "\(report)")
        #expect(report["deflate_extensions"] as? String == "permessage-deflate", "the echo endpoint keeps context takeover")
        #expect(report["plain_extensions"] as? String == "")
        for mode in ["deflate", "plain"] {
            for check in ["text_echoed", "binary_echoed", "fragments_echoed", "large_echoed", "pong"] {
                #expect(report["\(mode)_\(check)"] as? Bool == true, "\(mode) \(check)")
            }
        }
    }

    @Test("permessage-deflate is agreed when offered, and not with --ws-compression off")
    func compressionSwitch() async throws {
        let offer = ["Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits"]
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch, ["--echo-endpoint"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let on = try WebSocketTestClient(port: port, path: "/ws/echo", headers: offer)
        #expect(on.responseHeaders["sec-websocket-extensions"] == "permessage-deflate")
        #expect(try WebSocketTestClient(port: port, path: "/ws/echo", headers: [:]).responseHeaders["sec-websocket-extensions"] == nil)

        let (plainServer, plainPort) = try await start(try ScratchFolder(), ["--echo-endpoint", "--ws-compression", "off"])
        defer {
            plainServer.terminate()
            plainServer.waitUntilExit()
        }
        let off = try WebSocketTestClient(port: plainPort, path: "/ws/echo", headers: offer)
        #expect(off.status == 101)
        #expect(off.responseHeaders["sec-websocket-extensions"] == nil)
    }

    @Test("/ws/echo does not exist unless --echo-endpoint is given")
    func echoIsOffByDefault() async throws {
        let scratch = try ScratchFolder()
        let (server, port) = try await start(scratch)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        #expect(try await WebSocketTestClient.open(port: port, path: "/ws/echo", headers: [:]).status == 404)
    }

    @Test("every refused request is logged once, by method and path, never with its query or token")
    func refusedRequestsAreLogged() async throws {
        let scratch = try ScratchFolder()
        let log = scratch.url.appendingPathComponent("serve.log")
        let (server, port) = try ServerProcess.start(
            database: scratch.database, environment: ["JOBHUNTER_JWT_SECRET": Self.secret], log: log)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var missing = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/nowhere?secret=query-value")!)
        missing.httpMethod = "GET"
        let (_, notFound) = try await URLSession.shared.data(for: missing)
        #expect((notFound as? HTTPURLResponse)?.statusCode == 404)
        var forged = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/profile")!)
        forged.setValue("Bearer forged.token.value", forHTTPHeaderField: "Authorization")
        let (_, refused) = try await URLSession.shared.data(for: forged)
        #expect((refused as? HTTPURLResponse)?.statusCode == 401)
        // The log is written as the answers go out; give the last line a moment.
        var text = ""
        for _ in 0..<50 {
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("GET /profile") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let refusals = text.split(separator: "\n").filter { $0.contains("request refused") }
        #expect(refusals.count == 2)
        #expect(refusals.contains { $0.contains("GET /nowhere") && $0.contains("404") })
        #expect(refusals.contains { $0.contains("GET /profile") && $0.contains("401") })
        #expect(!text.contains("query-value") && !text.contains("forged.token.value"))
    }

    @Test("SIGTERM lets a running turn finish and send its answer, then closes with 1001 and exits 0")
    func shutdownDrainsRunningTurns() async throws {
        let model = try await FakeOpenAIServer([.stream(FakeOpenAIServer.text(["One ", "slow ", "answer."]), delay: .milliseconds(400))])
        let scratch = try ScratchFolder()
        let (server, port) = try await start(
            scratch, ["--model", "gpt-4o-mini"], environment: ["OPENAI_API_KEY": "sk-test-drain", "OPENAI_BASE_URL": model.baseURL])
        defer { if server.isRunning { server.terminate() } }

        let client = try await WebSocketTestClient.open(port: port, headers: ["Authorization": "Bearer \(try await token(port, "drain"))"])
        client.sendText(#"{"type":"message","text":"tell me something"}"#)
        #expect(await client.messages { _ in true }.first?["type"] as? String == "delta", "the turn is running")
        kill(server.processIdentifier, SIGTERM)
        var texts: [String] = []
        var closeCode: [UInt8] = []
        while let frame = await client.nextFrame() {
            if frame.opcode == 1 { texts.append(String(decoding: frame.payload, as: UTF8.self)) }
            if frame.opcode == 8 {
                closeCode = Array(frame.payload.prefix(2))
                break
            }
        }
        #expect(texts.contains { $0.contains(#""type":"final""#) && $0.contains("slow answer.") }, "\(texts)")
        #expect(closeCode == [0x03, 0xE9])
        await server.exited()
        #expect(server.terminationStatus == 0)
        await model.shutdown()
    }

    @Test("serve honours --context-tokens: a small budget offers the model compact tools, as chat does")
    func contextTokensReachTheEngine() async throws {
        func toolsOffered(_ extra: [String]) async throws -> String {
            let model = try await FakeOpenAIServer([.stream(FakeOpenAIServer.text(["Hello."]))])
            let scratch = try ScratchFolder()
            let (server, port) = try await start(
                scratch, ["--model", "gpt-4o-mini"] + extra,
                environment: ["OPENAI_API_KEY": "sk-test-budget", "OPENAI_BASE_URL": model.baseURL])
            defer {
                server.terminate()
                server.waitUntilExit()
            }
            let client = try await WebSocketTestClient.open(
                port: port, headers: ["Authorization": "Bearer \(try await token(port, "budget"))"])
            client.sendText(#"{"type":"message","text":"hello"}"#)
            _ = await client.messages { $0["type"] as? String == "final" }
            await model.shutdown()
            let body = try #require(model.received.first?.body)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            return String(decoding: try JSONSerialization.data(withJSONObject: object["tools"] ?? []), as: UTF8.self)
        }
        let full = try await toolsOffered([])
        let compact = try await toolsOffered(["--context-tokens", "1000"])
        #expect(full.contains("search_jobs") && compact.contains("search_jobs"), "both offer the tools")
        #expect(
            compact.count < full.count * 3 / 4, "compact tool schemas (no parameter prose): \(compact.count) bytes against \(full.count)")
    }

    @Test("a request whose body stalls gets 408 and is closed after --request-timeout; a silent socket is closed")
    func stalledRequests() async throws {
        let scratch = try ScratchFolder()
        let (process, port) = try await start(scratch, ["--request-timeout", "1"])
        defer {
            process.terminate()
            process.waitUntilExit()
        }

        let stalled = await WebSocketTestClient.rawExchange(
            port: port, Array("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"user".utf8))
        #expect(stalled.hasPrefix("HTTP/1.1 408"), "\(stalled)")
        #expect(await WebSocketTestClient.rawExchange(port: port, []).isEmpty, "closed without an answer")
        #expect(try await request(port, "GET", "/health").0 == 200, "the server still serves others")
    }
}
