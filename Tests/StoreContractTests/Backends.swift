import Assistant
import Foundation
import InMemoryStorage
import PostgresNIO
import SQLiteStorage
import Storage
import Testing

@testable import PostgresStorage

/// The backends every store contract runs against. PostgreSQL joins when JOBHUNTER_TEST_DATABASE_URL names a
/// server (`scripts/test-postgres.sh start` prints one; `make test` and CI set it). With
/// JOBHUNTER_REQUIRE_POSTGRES=1 (CI) a missing server fails the suite instead of shrinking it to SQLite.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgresql, memory

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["JOBHUNTER_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var available: [Backend] {
        let required = ProcessInfo.processInfo.environment["JOBHUNTER_REQUIRE_POSTGRES"] == "1"
        return postgresURL != nil || required ? allCases : [.sqlite, .memory]
    }

    /// Fresh, empty stores; `twin` opens a second, independent connection to the same database — what a second
    /// `serve` instance would have.
    func makeStores(clock: WallClock = .system) async throws -> (stores: Stores, twin: () async throws -> Stores) {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("jobhunter.sqlite").path
            let stores = Stores.sqlite(try AppDatabase(path: path), clock: clock)
            return (stores, { Stores.sqlite(try AppDatabase(path: path), clock: clock) })
        case .memory:
            // One process's memory: a "second instance" is the same stores, as with two connections to one database.
            let stores = Stores.inMemory(clock: clock)
            return (stores, { stores })
        case .postgresql:
            let location = try await ScratchPostgres.freshDatabase()
            // The 5 s product deadline detects a lost database; here a busy test host must not pass for one (the
            // outage behaviour has its own end-to-end test). The deadline counts from the call, so it includes the
            // wait behind other writers of the same row: 40 concurrent appends to one conversation queue on its row
            // lock, and on 2 cores shared with the browser and end-to-end suites the last one waited over 30 s.
            // These tests check what is stored, not how fast, so they allow two minutes.
            let open = { try await PostgresDatabase.open(location, deadline: .seconds(120)) }
            return (Stores.postgres(try await open(), clock: clock), { Stores.postgres(try await open(), clock: clock) })
        }
    }
}

/// A new, empty database per test on the test server, so tests never see each other's rows.
enum ScratchPostgres {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "JOBHUNTER_REQUIRE_POSTGRES=1 but JOBHUNTER_TEST_DATABASE_URL is not set; run scripts/test-postgres.sh start"
        }
    }

    static func freshDatabase() async throws -> PostgresLocation {
        guard let url = Backend.postgresURL else { throw NotConfigured() }
        let server = try PostgresLocation(url: url)
        let admin = PostgresDatabase(location: server, maximumConnections: 1, deadline: .seconds(120), logger: .init(label: "test"))
        defer { admin.close() }
        var scratch = server
        scratch.database = "jh_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(scratch.database)"))
        return scratch
    }
}
