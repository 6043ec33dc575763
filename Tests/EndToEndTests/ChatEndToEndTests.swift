import Foundation
import Testing

@Suite("jobhunter chat, end to end", .serialized)
struct ChatEndToEndTests {
    @Test("a multi-turn conversation is kept across two runs of the binary")
    func conversationPersists() async throws {
        let scratch = try ScratchFolder()

        let first = try await BinaryRunner.chat(
            [
                "hello", "my name is Grace Hopper", "add COBOL, Fortran and k8s to my skills",
                "I'm looking for remote roles paying at least 150k", "find python jobs in berlin",
            ], database: scratch.database, user: "grace")

        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("name: Grace Hopper"))
        #expect(first.stdout.contains("added skills: COBOL, Fortran, Kubernetes"))
        #expect(first.stdout.contains("salary floor: 150,000"))
        #expect(first.stdout.contains("No postings are indexed yet"))

        let second = try await BinaryRunner.chat(
            ["what did we talk about?", "show my profile", "/quit"], database: scratch.database, user: "grace")

        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("\"add COBOL, Fortran and k8s to my skills\""))
        #expect(second.stdout.contains("- Name: Grace Hopper"))
        #expect(second.stdout.contains("- Skills: COBOL, Fortran, Kubernetes"))
        #expect(second.stdout.contains("- Work arrangement: remote"))
    }

    @Test("/profile and /reset work, and users do not see each other's profile")
    func slashCommandsAndUsers() async throws {
        let scratch = try ScratchFolder()
        _ = try await BinaryRunner.chat(["add Rust to my skills"], database: scratch.database, user: "ann")

        let ann = try await BinaryRunner.chat(["/profile", "/reset", "what did we talk about?"], database: scratch.database, user: "ann")
        let bob = try await BinaryRunner.chat(["/profile"], database: scratch.database, user: "bob")

        #expect(ann.stdout.contains("- Skills: Rust"))
        #expect(ann.stdout.contains("Started a fresh conversation"))
        #expect(ann.stdout.contains("We haven't talked about anything yet"))
        #expect(bob.stdout.contains("Your profile is empty"))
    }

    @Test("bad lines get one-line errors and the session carries on")
    func badInput() async throws {
        let scratch = try ScratchFolder()
        var input = Data("/frobnicate\n\n".utf8)
        input += Data([0xC3, 0x28, 0x0A])
        input += Data(repeating: UInt8(ascii: "a"), count: 1_048_576) + Data([0x0A])
        input += Data("add Zig to my skills\n".utf8)

        let result = try await BinaryRunner.run(["chat", "--user", "eve", "--db", scratch.database], input: input)

        #expect(result.status == 0)
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.count == 3, "\(result.stderr)")
        #expect(result.stderr.contains("unknown command /frobnicate"))
        #expect(result.stderr.contains("not valid UTF-8"))
        #expect(result.stderr.contains("1048576 bytes; the limit is 65536"))
        #expect(result.stdout.contains("added skills: Zig"))
    }

    @Test("--help and --version print and exit 0; a bad option gets usage and 64; a failure is one 'jobhunter:' line and 1")
    func exitStatuses() async throws {
        let help = try await BinaryRunner.run(["chat", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--database-url") && help.stdout.contains("--db"), "the shared database options")
        let serveHelp = try await BinaryRunner.run(["serve", "--help"])
        #expect(serveHelp.status == 0 && serveHelp.stdout.contains("--live-jobs"))
        let version = try await BinaryRunner.run(["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
        let badOption = try await BinaryRunner.run(["serve", "--port", "99999"])
        #expect(badOption.status == 64 && badOption.stderr.contains("--port must be between 0 and 65535"))
        let scratch = try ScratchFolder()
        let missing = try await BinaryRunner.run(["letters", "export", "7", "--user", "nobody", "--db", scratch.database])
        #expect(missing.status == 1)
        #expect(missing.stderr == "jobhunter: there is no letter #7 for nobody; `jobhunter letters list` shows them\n")
    }

    @Test("a corrupt database file is refused with one line and left untouched")
    func corruptDatabase() async throws {
        let scratch = try ScratchFolder()
        let garbage = Data(repeating: 0x5A, count: 8192)
        FileManager.default.createFile(atPath: scratch.database, contents: garbage)

        let result = try await BinaryRunner.chat(["hello"], database: scratch.database)

        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("jobhunter: "))
        #expect(result.stderr.contains("is not a JobHunter database"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(FileManager.default.contents(atPath: scratch.database) == garbage)
    }

    @Test("a database path in a missing folder is refused with one line")
    func missingFolder() async throws {
        let scratch = try ScratchFolder()
        let result = try await BinaryRunner.chat(["hello"], database: scratch.url.appendingPathComponent("no/such/db.sqlite").path)

        #expect(result.status == 1)
        #expect(result.stderr.contains("does not exist"))
    }

    @Test("Ctrl-C (SIGINT) does not kill the chat process")
    func interruptDoesNotKill() async throws {
        try await offPool {
            let scratch = try ScratchFolder()
            let process = Process()
            process.executableURL = try BinaryRunner.binary()
            process.arguments = ["chat", "--user", "sig", "--db", scratch.database]
            let stdin = Pipe()
            let stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            stdin.fileHandleForWriting.write(Data("hello\n".utf8))
            // Wait for the first reply: the REPL (and its SIGINT handling) is then certainly running.
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("JobHunter") {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += chunk
            }
            kill(process.processIdentifier, SIGINT)
            Thread.sleep(forTimeInterval: 0.2)
            stdin.fileHandleForWriting.write(Data("add Lisp to my skills\n/quit\n".utf8))
            try stdin.fileHandleForWriting.close()
            let output = String(decoding: seen + stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()

            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)
            #expect(output.contains("added skills: Lisp"))
        }
    }
}

@Suite("jobhunter debug route, end to end")
struct RouteEndToEndTests {
    @Test("one utterance prints one JSON object with the tool and its arguments")
    func single() async throws {
        let result = try await BinaryRunner.run(["debug", "route", "find senior ios jobs in london"])

        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["tool"] as? String == "search_jobs")
        let arguments = json?["arguments"] as? [String: Any]
        #expect(arguments?["location"] as? String == "London")
        #expect(arguments?["seniority"] as? String == "senior")
    }

    @Test("--stdin prints one line per utterance; smalltalk is \"none\"; --context interview routes answers")
    func stdinAndContext() async throws {
        let lines = try await BinaryRunner.run(
            ["debug", "route", "--stdin"], input: Data("hi\nshow my profile\n\nadd Go to my skills\n".utf8))
        let tools = lines.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["tool"] as? String
        }
        #expect(tools == ["none", "get_profile", "none", "update_profile"])

        let interview = try await BinaryRunner.run(
            ["debug", "route", "--context", "interview", "I would shard the database by customer"])
        #expect(interview.stdout.contains(#""tool":"answer_interview""#))
    }

    @Test("giving both an utterance and --stdin is a usage error")
    func usageError() async throws {
        let result = try await BinaryRunner.run(["debug", "route", "--stdin", "text"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not both"))
    }
}
