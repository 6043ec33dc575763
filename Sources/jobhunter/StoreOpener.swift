import Foundation
import Logging
import PostgresStorage
import SQLiteStorage
import Storage

/// Opens the stores the server runs on: PostgreSQL when `--database-url` or DATABASE_URL names one (several
/// instances sharing it), else the SQLite file (`--db`, else the default under XDG_DATA_HOME).
struct OpenedStores {
    var stores: Stores
    /// Set for PostgreSQL: the relay of turn events between instances uses it.
    var postgres: PostgresDatabase?
    /// Set for SQLite: the JWT secret file and exports go beside it.
    var sqlitePath: String?
    var exportDirectory: URL

    /// `waitForDatabase`: how long an unreachable PostgreSQL is retried — long for `serve` (the database may still be
    /// starting next to it), short for one-off commands.
    static func open(
        db: String?, databaseURL: String?, environment: [String: String], waitForDatabase: Duration = .seconds(2)
    ) async throws -> OpenedStores {
        let url = databaseURL ?? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url else {
            let path = try DatabaseLocation.resolve(explicit: db, environment: environment)
            return OpenedStores(
                stores: .sqlite(try AppDatabase(path: path)), postgres: nil, sqlitePath: path, exportDirectory: ExportLocation.beside(path))
        }
        guard db == nil else { throw OptionConflict() }
        let location = try PostgresLocation(url: url)
        var logger = Logger(label: "jobhunter.postgres")
        logger.logLevel = .error
        let database = try await PostgresDatabase.open(location, startupWait: waitForDatabase, logger: logger)
        let exports =
            XDGDirectory.data.jobhunterFolder(environment: environment)?.appendingPathComponent("exports")
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-exports")
        return OpenedStores(stores: .postgres(database), postgres: database, sqlitePath: nil, exportDirectory: exports)
    }

    struct OptionConflict: Error, CustomStringConvertible {
        var description: String { "use either --db (SQLite) or --database-url / DATABASE_URL (PostgreSQL), not both" }
    }
}
