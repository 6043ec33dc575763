import Foundation
import Synchronization

/// How many uploaded documents are being read at once: one per user, and a few for the whole server, so one
/// person's hostile files cannot take every core the server has.
final class UploadGate: Sendable {
    enum Refusal: Error, CustomStringConvertible {
        case alreadyReading
        case busy

        var description: String {
            switch self {
            case .alreadyReading: return "your previous upload is still being read; send the next one when it is done"
            case .busy: return "the server is reading other uploads right now; try again in a few seconds"
            }
        }
    }

    private let reading = Mutex<Set<Int64>>([])
    let globalLimit: Int

    init(globalLimit: Int = 2) {
        self.globalLimit = globalLimit
    }

    /// Runs `body` holding this user's slot and one of the global ones, or refuses at once.
    func run<T>(userID: Int64, _ body: () async throws -> T) async throws -> T {
        try reading.withLock { users in
            guard !users.contains(userID) else { throw Refusal.alreadyReading }
            guard users.count < globalLimit else { throw Refusal.busy }
            users.insert(userID)
        }
        defer { _ = reading.withLock { $0.remove(userID) } }
        return try await body()
    }
}
