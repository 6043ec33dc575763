import Foundation

/// Runs the built `jobhunter` binary with piped stdin, collecting stdout, stderr and the exit status.
struct BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) does not exist; run `swift build` before `swift test` (make test does)" }
    }

    /// The test bundle sits beside the products of the same build.
    static func binary() throws -> URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL]
            .map { $0.appendingPathComponent("jobhunter") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Missing(path: candidates[0].path)
        }
        return found
    }

    static func run(_ arguments: [String], input: Data = Data(), environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = testEnvironment(extra)
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write on a separate thread so a large input cannot deadlock against a full output pipe.
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    /// The caller's environment without colour, with caches and state kept out of the real home folder.
    static func testEnvironment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // Offline unless a test says otherwise, whatever the machine has configured.
        for name in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "JOBHUNTER_PRICES", "DATABASE_URL"] { environment[name] = nil }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-e2e-home")
        environment["XDG_CACHE_HOME"] = scratch.appendingPathComponent("cache").path
        environment["XDG_STATE_HOME"] = scratch.appendingPathComponent("state").path
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    static func chat(_ lines: [String], database: String, user: String = "ada") throws -> Result {
        try run(["chat", "--user", user, "--db", database], input: Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

final class ScratchFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    var database: String { url.appendingPathComponent("jobhunter.sqlite").path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// `jobhunter serve` on a free port, returned once it prints "listening on http://127.0.0.1:PORT".
enum ServerProcess {
    struct NotListening: Error, CustomStringConvertible {
        var output: String
        var description: String { "jobhunter serve did not start: \(output)" }
    }

    static func start(
        database: String, _ extra: [String] = [], environment: [String: String], log: URL? = nil
    ) throws -> (Process, Int) {
        try start(databaseArguments: ["--db", database], extra, environment: environment, log: log)
    }

    /// `log` receives the server's standard error (its log); without one it is discarded.
    static func start(
        databaseArguments: [String], _ extra: [String] = [], environment: [String: String], log: URL? = nil
    ) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = try BinaryRunner.binary()
        process.arguments = ["serve", "--port", "0"] + databaseArguments + extra
        process.environment = BinaryRunner.testEnvironment(environment)
        let output = Pipe()
        process.standardOutput = output
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        // "listening on http://HOST:PORT (database: …)"
        let address = text.split(separator: " ").first { $0.hasPrefix("http://") } ?? ""
        guard let port = Int(address.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else {
            process.terminate()
            throw NotListening(output: text)
        }
        return (process, port)
    }
}
