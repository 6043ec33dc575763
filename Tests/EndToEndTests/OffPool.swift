import Foundation

/// Runs blocking test work (waiting for a child process, a socket read with a 20 s timeout, a poll loop) on a
/// thread of its own and awaits it.
///
/// Why: every suite of `swift test` shares Swift's cooperative pool, one thread per core. A test that blocks a
/// pool thread for seconds stalls every other suite's tasks; on two cores two such tests starved the PostgreSQL
/// store-contract tests until their 5 s database deadlines fired. End-to-end tests therefore never block in
/// async code: their blocking helpers have async overloads built on this.
func offPool<T>(_ work: @escaping () throws -> T) async throws -> T {
    let job = Handoff(value: work)
    let result: Handoff<T> = try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { Handoff(value: try job.value()) }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
    return result.value
}

/// @unchecked Sendable: the closure and its result are handed from the awaiting task to one thread and back; the
/// awaiting task is suspended meanwhile, so they are never used from two threads at once.
private struct Handoff<Value>: @unchecked Sendable {
    let value: Value
}

extension BinaryRunner {
    static func run(_ arguments: [String], input: Data = Data(), environment extra: [String: String] = [:]) async throws -> Result {
        try await offPool { try run(arguments, input: input, environment: extra) as Result }
    }

    static func chat(_ lines: [String], database: String, user: String = "ada") async throws -> Result {
        try await offPool { try chat(lines, database: database, user: user) as Result }
    }
}

extension PythonVenv {
    static func run(_ script: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await offPool { try run(script, arguments) as (status: Int32, output: String) }
    }
}

extension ServerProcess {
    static func start(database: String, _ extra: [String] = [], environment: [String: String]) async throws -> (Process, Int) {
        try await offPool { try start(database: database, extra, environment: environment) as (Process, Int) }
    }

    static func start(databaseArguments: [String], _ extra: [String] = [], environment: [String: String]) async throws -> (Process, Int) {
        try await offPool { try start(databaseArguments: databaseArguments, extra, environment: environment) as (Process, Int) }
    }
}

extension TestPostgres {
    static func freshDatabase() async throws -> String {
        try await offPool { try freshDatabase() as String }
    }
}

extension Process {
    /// Waits for the process to end without holding a cooperative-pool thread.
    func exited() async {
        _ = try? await offPool { self.waitUntilExit() }
    }
}

extension WebSocketTestClient {
    static func open(port: Int, path: String = "/ws", headers: [String: String]) async throws -> WebSocketTestClient {
        try await offPool { try WebSocketTestClient(port: port, path: path, headers: headers) }
    }

    func nextFrame() async -> (opcode: UInt8, payload: [UInt8])? {
        (try? await offPool { self.nextFrame() as (opcode: UInt8, payload: [UInt8])? }) ?? nil
    }

    func messages(until done: @escaping ([String: Any]) -> Bool) async -> [[String: Any]] {
        (try? await offPool { self.messages(until: done) as [[String: Any]] }) ?? []
    }

    static func rawExchange(port: Int, _ bytes: [UInt8]) async -> String {
        (try? await offPool { rawExchange(port: port, bytes) as String }) ?? ""
    }
}
