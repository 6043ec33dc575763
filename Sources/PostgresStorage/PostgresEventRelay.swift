import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Carries messages between `serve` instances through PostgreSQL LISTEN/NOTIFY, so a user's turn events reach
/// that user's connections on every instance. Sending goes through one dedicated connection, in order (NOTIFYs
/// from one session arrive in the order they were sent); listening holds another. Both reconnect with backoff
/// after the database goes away. Delivery is at most once: events are live progress, the conversation itself is
/// in the tables.
package final class PostgresEventRelay: Sendable {
    /// NOTIFY payloads must stay under 8,000 bytes; larger messages go out in numbered pieces.
    static let pieceBytes = 7_000

    let database: PostgresDatabase
    let channel: String
    private let outbox: AsyncStream<String>.Continuation
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let assembler = PieceAssembler()
    private let outgoing: AsyncStream<String>

    package init(database: PostgresDatabase, channel: String = "jobhunter_events") {
        self.database = database
        self.channel = channel
        (outgoing, outbox) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Starts sending and listening; `deliver` gets every message published by any instance, this one included.
    /// `listening` is told each time LISTEN is in place, at the start and after every reconnection: messages
    /// published while it was not were missed.
    package func start(listening: @escaping @Sendable () -> Void = {}, deliver: @escaping @Sendable (String) -> Void) {
        let sender = Task { await self.sendLoop() }
        let listener = Task { await self.listenLoop(listening, deliver) }
        tasks.withLock { $0 += [sender, listener] }
    }

    package func publish(_ message: String) {
        outbox.yield(message)
    }

    /// Stops listening, sends what is queued (an instance's goodbye), waiting at most `flush` for it, and stops.
    /// The wait never outlasts `flush`: a send stuck on a dead connection must not keep the process from exiting.
    package func stop(flush: Duration = .seconds(2)) async {
        outbox.finish()
        let running = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks
        }
        guard let sender = running.first else { return }
        for listener in running.dropFirst() { listener.cancel() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let first = FirstOf(continuation)
            Task {
                await sender.value
                first.resume()
            }
            Task {
                try? await Task.sleep(for: flush)
                first.resume()
            }
        }
        sender.cancel()
    }

    private func sendLoop() async {
        var connection: PostgresConnection?
        var backoff = Backoff()
        for await message in outgoing {
            for piece in Self.pieces(of: message) {
                // One retry after reconnecting; if the database is still gone the event is dropped, not queued forever.
                for attempt in 0..<2 {
                    do {
                        if connection == nil { connection = try await connect() }
                        guard let live = connection else { break }
                        try await live.query("SELECT pg_notify(\(channel), \(piece))", logger: database.logger)
                        backoff.reset()
                        break
                    } catch {
                        try? await connection?.close()
                        connection = nil
                        if Task.isCancelled { return }
                        if attempt == 0 { try? await Task.sleep(for: backoff.next()) }
                    }
                }
            }
        }
        try? await connection?.close()
    }

    private func listenLoop(_ listening: @escaping @Sendable () -> Void, _ deliver: @escaping @Sendable (String) -> Void) async {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                let connection = try await connect()
                backoff.reset()
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: channel) { notifications in
                    listening()
                    for try await notification in notifications {
                        if let message = assembler.add(notification.payload) { deliver(message) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                database.logger.warning(
                    "event relay lost its LISTEN connection; reconnecting", metadata: ["error": "\(String(describing: error).prefix(200))"])
            }
            try? await Task.sleep(for: backoff.next())
        }
    }

    private func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: database.connectionConfiguration, id: Int.random(in: 1...Int.max), logger: database.logger)
    }

    /// "id|index|count|text" pieces, cut on character boundaries.
    static func pieces(of message: String) -> [String] {
        guard message.utf8.count > pieceBytes - 64 else { return ["-|0|1|" + message] }
        var chunks: [String] = []
        var current = ""
        var size = 0
        for character in message {
            let bytes = character.utf8.count
            if size + bytes > pieceBytes - 64 {
                chunks.append(current)
                current = ""
                size = 0
            }
            current.append(character)
            size += bytes
        }
        if !current.isEmpty { chunks.append(current) }
        let id = UUID().uuidString
        return chunks.enumerated().map { "\(id)|\($0.offset)|\(chunks.count)|\($0.element)" }
    }
}

/// Puts pieced messages back together; single-piece messages pass straight through.
final class PieceAssembler: Sendable {
    private let partial = Mutex<[String: [Int: String]]>([:])

    func add(_ payload: String) -> String? {
        let fields = payload.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4, let index = Int(fields[1]), let count = Int(fields[2]), count >= 1, (0..<count).contains(index) else {
            return nil
        }
        let text = String(fields[3])
        if count == 1 { return text }
        let id = String(fields[0])
        return partial.withLock { partial in
            partial[id, default: [:]][index] = text
            // A message whose other pieces were lost must not be kept forever.
            if partial.count > 1_000, let stale = partial.keys.first(where: { $0 != id }) { partial.removeValue(forKey: stale) }
            guard let pieces = partial[id], pieces.count == count else { return nil }
            partial.removeValue(forKey: id)
            return (0..<count).compactMap { pieces[$0] }.joined()
        }
    }
}

/// Exponential backoff from 100 ms to 5 s with jitter, for reconnecting.
struct Backoff {
    private var attempt = 0

    mutating func next() -> Duration {
        let base = min(5_000.0, 100.0 * pow(2.0, Double(attempt)))
        attempt = min(attempt + 1, 10)
        return .milliseconds(Int(base * Double.random(in: 0.5...1.0)))
    }

    mutating func reset() { attempt = 0 }
}

/// Resumes a continuation once, for whichever of several tasks finishes first.
final class FirstOf: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Never>?>

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume() {
        continuation.withLock { pending in
            defer { pending = nil }
            return pending
        }?.resume()
    }
}
