import Assistant
import Foundation

/// The outcome of asking one job board once. Boards fail quietly in other tools (blocked, empty,
/// changed format); here every run is kept and shown.
package struct SourceRun: Sendable, Equatable {
    package enum Status: String, Sendable {
        case ok, empty, failed
    }

    package var source: String
    package var query: String
    package var status: Status
    package var reason: String?
    package var fetched: Int
    package var new: Int
    package var latencyMilliseconds: Int
    package var at: Date

    package init(
        source: String, query: String, status: Status, reason: String? = nil, fetched: Int = 0, new: Int = 0,
        latencyMilliseconds: Int, at: Date
    ) {
        self.source = source
        self.query = query
        self.status = status
        self.reason = reason
        self.fetched = fetched
        self.new = new
        self.latencyMilliseconds = latencyMilliseconds
        self.at = at
    }

    /// "ok, 37 postings (12 new), 1.2 s" / "failed: HTTP 403 …, 0.3 s" / "0 results, 0.8 s"
    package var summary: String {
        let seconds = String(format: "%.1f s", Double(latencyMilliseconds) / 1000)
        switch status {
        case .ok: return "ok, \(fetched) postings (\(new) new), \(seconds)"
        case .empty: return "0 results, \(seconds)"
        case .failed: return "failed: \(reason ?? "unknown reason"), \(seconds)"
        }
    }
}

package protocol SourceRunStore: Sendable {
    func record(_ run: SourceRun) async throws
    /// The latest run of each source, by source name.
    func latest() async throws -> [SourceRun]
}
