import Foundation
import GRDB
import Storage

/// A row of `source_runs`: one request to one job board.
struct SourceRunRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "source_runs"

    var id: Int64?
    var source: String
    var query: String
    var status: String
    var reason: String?
    var fetched: Int
    var new: Int
    var latencyMilliseconds: Int
    var at: Date

    enum CodingKeys: String, CodingKey {
        case id, source, query, status, reason, fetched, new, at
        case latencyMilliseconds = "latency_ms"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let source = Column(CodingKeys.source)
    }

    init(_ run: SourceRun) {
        source = run.source
        query = run.query
        status = run.status.rawValue
        reason = run.reason
        fetched = run.fetched
        new = run.new
        latencyMilliseconds = run.latencyMilliseconds
        at = run.at
    }

    var run: SourceRun {
        SourceRun(
            source: source, query: query, status: SourceRun.Status(rawValue: status) ?? .failed, reason: reason, fetched: fetched,
            new: new, latencyMilliseconds: latencyMilliseconds, at: at)
    }
}
