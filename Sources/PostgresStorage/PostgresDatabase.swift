import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Storage

/// The shared PostgreSQL database of several `serve` instances: a connection pool that reconnects with backoff by
/// itself, a deadline on every operation so a lost database becomes a clear error instead of a hung request, and
/// the versioned migrations.
package final class PostgresDatabase: Sendable {
    package let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// Longest any query or transaction may take before it fails as "unavailable".
    let deadline: Duration
    private let runner: Task<Void, Never>

    /// Connects, waits until the database answers (up to `startupWait`, for a server that is still starting), and
    /// migrates it. A server that refuses us (wrong password, no such database) fails at once with its reason.
    package static func open(
        _ location: PostgresLocation, maximumConnections: Int = 20, deadline: Duration = .seconds(5),
        startupWait: Duration = .seconds(15), logger: Logger = Logger(label: "jobhunter.postgres")
    ) async throws -> PostgresDatabase {
        let start = ContinuousClock.now
        while let failure = await probe(location, logger: logger) {
            if failure.refused { throw StorageError.failed("PostgreSQL at \(location) refused the connection: \(failure.reason)") }
            guard ContinuousClock.now - start < startupWait else {
                throw StorageError.unavailable("cannot reach PostgreSQL at \(location): \(failure.reason)")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let database = PostgresDatabase(location: location, maximumConnections: maximumConnections, deadline: deadline, logger: logger)
        do {
            try await PostgresMigrations.migrate(database)
        } catch {
            database.close()
            throw error
        }
        return database
    }

    /// Why a single connection to `location` fails, or nil when it works. `refused` means the server answered
    /// with an error (credentials, database name), so waiting will not help.
    static func probe(_ location: PostgresLocation, logger: Logger) async -> (reason: String, refused: Bool)? {
        var configuration = connectionConfiguration(location)
        configuration.options.connectTimeout = .seconds(3)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
            return nil
        } catch let error as PSQLError {
            if let message = error.serverInfo?[.message] { return (message, true) }
            if let underlying = error.underlying {
                let text = String(describing: underlying)
                if text.contains("Connection refused") { return ("connection refused (is PostgreSQL running and listening there?)", false) }
                return (text, false)
            }
            return ("\(error.code)", false)
        } catch {
            return (String(describing: error), false)
        }
    }

    init(location: PostgresLocation, maximumConnections: Int, deadline: Duration, logger: Logger) {
        self.location = location
        self.deadline = deadline
        self.logger = logger
        client = PostgresClient(
            configuration: Self.configuration(location, maximumConnections: maximumConnections), backgroundLogger: logger)
        runner = Task { [client] in await client.run() }
    }

    static func configuration(_ location: PostgresLocation, maximumConnections: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch location.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }

    /// The connection settings for single connections: the startup probe and the LISTEN and NOTIFY connections
    /// of `PostgresEventRelay`.
    var connectionConfiguration: PostgresConnection.Configuration { Self.connectionConfiguration(location) }

    static func connectionConfiguration(_ location: PostgresLocation) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        if location.tls != .disable, let context = try? NIOSSLContext(configuration: .makeClientConfiguration()) {
            configuration.tls = location.tls == .require ? .require(context) : .prefer(context)
        }
        return configuration
    }

    package func close() {
        runner.cancel()
    }

    /// Runs a query and collects its rows, within `deadline` (the database's own by default).
    func rows(_ query: PostgresQuery, deadline: Duration? = nil) async throws -> [PostgresRow] {
        try await withinDeadline(deadline) { [client] in
            var rows: [PostgresRow] = []
            for try await row in try await client.query(query) { rows.append(row) }
            return rows
        }
    }

    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// Runs `body` in one transaction (READ COMMITTED; callers lock the rows they change).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withinDeadline { [client, logger] in try await Self.inTransaction(client, logger, body) }
    }

    /// Same as `transaction` without the deadline: for bulk loads that legitimately run for minutes.
    func longTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await Self.inTransaction(client, logger, body)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// postgres-nio's `withTransaction` (BEGIN, COMMIT, ROLLBACK when the body throws). Its wrapper error is
    /// unwrapped to the error that caused it, so callers still see a unique violation or a lost connection as such.
    private static func inTransaction<T: Sendable>(
        _ client: PostgresClient, _ logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let failure as PostgresTransactionError {
            throw failure.closureError ?? failure.commitError ?? failure.beginError ?? failure
        }
    }

    /// True when a trivial query answers within two seconds.
    package func isReachable() async -> Bool {
        (try? await rows("SELECT 1", deadline: .seconds(2)).isEmpty) == false
    }

    /// The database's size on disk, tables and indexes together.
    package func sizeInBytes() async throws -> Int64 {
        try await rows("SELECT pg_database_size(current_database())").first?.decode(Int64.self) ?? 0
    }

    /// The migration versions applied, oldest first.
    package func appliedMigrations() async throws -> [Int] {
        try await rows("SELECT version FROM schema_migrations ORDER BY version").map { try $0.decode(Int.self) }
    }

    func withinDeadline<T: Sendable>(_ limit: Duration? = nil, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = limit ?? deadline
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    try await Task.sleep(for: limit)
                    throw StorageError.unavailable("no answer from the database within \(limit)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw StorageError.unavailable("the query was cancelled") }
                return first
            }
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Turns driver errors into `StorageError`, keeping server messages (they never contain the password) but not
    /// the driver's dump of the query and its bound values.
    static func storageError(_ error: any Error) -> any Error {
        switch error {
        case is StorageError, is CancellationError: return error
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState] ?? ""
                // Class 08 is connection trouble, 57P0x the server shutting down: both pass when the database returns.
                if code.hasPrefix("08") || code.hasPrefix("57P") { return StorageError.unavailable(message) }
                return StorageError.failed(message)
            }
            return StorageError.unavailable(Self.connectionReason(error))
        default:
            return StorageError.failed(String(describing: error))
        }
    }

    private static func connectionReason(_ error: PSQLError) -> String {
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection: return "the connection failed"
        case .poolClosed: return "the connection pool is closed"
        default: return "the database did not answer (\(error.code))"
        }
    }
}

extension PostgresRow {
    /// One column by name, decoded; nil columns decode into optionals.
    func column<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try makeRandomAccess()[name].decode(T.self, context: .default)
    }
}
