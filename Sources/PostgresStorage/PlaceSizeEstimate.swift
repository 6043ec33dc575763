import Foundation
import PostgresNIO
import Storage
import Synchronization

/// How many postings a place holds, at most, read from the statistics ANALYZE keeps on `place_search` instead
/// of from the postings. Counting a large place's postings through its index, even stopped at the small-place
/// limit, reads that many heap rows: 18 ms for Houston and 35 ms for Texas at a million postings, paid before
/// every search with a place. The statistics are read once every few minutes and the estimate costs nothing.
final class PlaceSizeEstimate: Sendable {
    /// The share of postings each common place word is in, the share below which words are not listed, and the
    /// table's row count, as of the last ANALYZE.
    struct Statistics: Sendable, Equatable {
        var shares: [String: Double]
        var unlistedShare: Double
        var rows: Double

        /// An upper bound: a phrase is in no more postings than its rarest word, and a place is in no more than
        /// its phrases together. Erring high only costs a large-place plan for a small place, while erring low
        /// would read a large place's postings in full.
        func postings(in place: PlaceFilter) -> Double {
            let share = place.phrases.reduce(0.0) { total, phrase in
                total + (phrase.map { shares[$0] ?? unlistedShare }.min() ?? 0)
            }
            return min(1, share) * rows
        }
    }

    private let cached = Mutex<(statistics: Statistics?, readAt: ContinuousClock.Instant?)>((nil, nil))
    static let refreshInterval = Duration.seconds(300)

    /// The estimate for `place`, or nil when the table has no statistics yet (never analysed): the caller counts.
    func postings(in place: PlaceFilter, database: PostgresDatabase) async throws -> Double? {
        let now = ContinuousClock.now
        let current = cached.withLock { state -> Statistics?? in
            guard let readAt = state.readAt, now - readAt < Self.refreshInterval else { return .none }
            return .some(state.statistics)
        }
        if let current { return current?.postings(in: place) }
        let statistics = try await Self.read(database)
        cached.withLock { $0 = (statistics, now) }
        return statistics?.postings(in: place)
    }

    /// After a load has analysed the table again.
    func forget() { cached.withLock { $0 = (nil, nil) } }

    /// For tsvector columns, `most_common_elem_freqs` lists one share per word followed by the lowest and the
    /// highest share (no null share).
    static func read(_ database: PostgresDatabase) async throws -> Statistics? {
        let rows = try await database.rows("""
            SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples::float8
            FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename
            WHERE s.schemaname = current_schema() AND s.tablename = 'jobs' AND s.attname = 'place_search'
                AND c.relnamespace = to_regnamespace(current_schema())
            """)
        guard let row = rows.first,
            let (words, shares, count) = try? row.decode(([String]?, [Float]?, Double).self),
            let words, let shares, shares.count >= words.count + 2, count > 0
        else { return nil }
        var table: [String: Double] = [:]
        for (word, share) in zip(words, shares) { table[word] = Double(share) }
        return Statistics(shares: table, unlistedShare: Double(shares[words.count]), rows: count)
    }
}
