import Foundation

/// The repository's `.venv` (selenium, websockets), created by `make test`; tests that need it are skipped
/// without it, unless JOBHUNTER_REQUIRE_BROWSER=1 (set by CI) turns that into a failure.
enum PythonVenv {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".venv/bin/python")
    static let available = FileManager.default.isExecutableFile(atPath: python.path)
    static let required = ProcessInfo.processInfo.environment["JOBHUNTER_REQUIRE_BROWSER"] == "1"

    /// Runs a script from Tests/ with the venv's python; returns its exit status and standard output.
    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = python
        process.arguments = [repository.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text + (process.terminationStatus == 0 ? "" : problems.suffix(2000)))
    }
}
