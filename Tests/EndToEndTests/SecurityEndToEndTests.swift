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
        defer { server.terminate(); server.waitUntilExit() }
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
        defer { server.terminate(); server.waitUntilExit() }
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
        defer { server.terminate(); server.waitUntilExit() }

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

    private func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [text])) ?? Data(), as: UTF8.self).dropFirst().dropLast().description
    }
}
