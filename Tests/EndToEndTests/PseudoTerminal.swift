import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the binary on a pseudo-terminal, so it sees a TTY exactly as with a person at a keyboard.
final class PseudoTerminal {
    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var screen: String
        var description: String {
            "timed out waiting for \(waitingFor.debugDescription); output so far: \(screen.suffix(600).debugDescription)"
        }
    }

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private(set) var transcript = ""
    private var consumed = 0

    /// util-linux's `script` (Debian's essential bsdutils) allocates the pty and relays our pipes to it;
    /// Swift on Linux cannot reach posix_openpt.
    init(_ arguments: [String], environment extra: [String: String]) throws {
        let binary = try BinaryRunner.binary().path
        let command = ([binary] + arguments).map(Self.shellQuoted).joined(separator: " ")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", "stty cols 200 rows 50; exec " + command, "/dev/null"]
        var environment = BinaryRunner.testEnvironment(extra)
        environment["TERM"] = "xterm"
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    private static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Reads until `text` appears after everything matched before, or fails after `seconds`.
    func expect(_ text: String, within seconds: Double = 20) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let unseen = transcript.utf8.dropFirst(consumed)
            if let range = String(decoding: unseen, as: UTF8.self).range(of: text) {
                let prefix = String(decoding: unseen, as: UTF8.self)[..<range.upperBound]
                consumed += prefix.utf8.count
                return
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Timeout(waitingFor: text, screen: transcript) }
            let descriptor0 = output.fileHandleForReading.fileDescriptor
            var descriptor = pollfd(fd: descriptor0, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(min(remaining, 0.2) * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { read(descriptor0, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Timeout(waitingFor: text, screen: transcript) }
            transcript += String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }

    func waitForExit(within seconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            // Keep draining output so the child never blocks on a full terminal buffer.
            try? expect("\u{0}", within: 0.1)
        }
        return process.isRunning ? nil : process.terminationStatus
    }
}
