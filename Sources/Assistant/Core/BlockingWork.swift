import Foundation

/// Runs blocking or CPU-heavy synchronous work (password hashing, document parsing, model training, a child
/// process) on a thread of its own, never on Swift's cooperative pool.
///
/// Why: the cooperative pool has one thread per core, two on the machines we run on. A synchronous call that
/// holds a pool thread for seconds stalls every task of the process: `/health`, logins and database deadlines
/// all wait behind it. A dedicated thread is scheduled by the kernel beside the pool instead.
package enum BlockingWork {
    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            // Parsers and model training recurse and allocate on the stack more than a default thread allows.
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    package static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }
}
