import Foundation
import GRDB
import Storage

/// The SQLite database: one file in WAL mode, opened through a `DatabasePool`, schema managed by
/// frozen migrations. GRDB types never leave this module.
package final class AppDatabase: Sendable {
    let writer: any DatabaseWriter
    package let path: String

    /// Opens (creating if needed) and migrates the database at `path`. The folder must exist.
    package init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StorageError.missingFolder(folder)
        }
        if FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.isWritableFile(atPath: path) else { throw StorageError.readOnly(path) }
        } else if !FileManager.default.isWritableFile(atPath: folder) {
            throw StorageError.readOnly(path)
        }
        self.path = path
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(5)
            writer = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(writer)
            // The database holds every user's conversations and password hashes: owner only. Files made before
            // the process set umask 0077 were 0644, so they are tightened here (best effort: a file someone
            // else owns keeps its mode).
            for suffix in ["", "-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
        } catch let error as DatabaseError {
            throw Self.storageError(error, path: path)
        }
    }

    /// Maps SQLite failures to the errors users see.
    static func storageError(_ error: DatabaseError, path: String) -> StorageError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notADatabase(path)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: return .readOnly(path)
        default:
            if error.message?.contains("newer") == true { return .newerSchema(path) }
            return .failed(error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs a write transaction, translating SQLite errors.
    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw Self.storageError(error, path: path)
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as DatabaseError {
            throw Self.storageError(error, path: path)
        }
    }

    /// `SELECT 1`, for health checks.
    package func isReachable() async -> Bool {
        (try? await read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// The names of the applied migrations, oldest first.
    package func appliedMigrations() async throws -> [String] {
        try await read { db in try Self.migrator.appliedIdentifiers(db).sorted() }
    }

    package func tableNames() async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
    }
}
