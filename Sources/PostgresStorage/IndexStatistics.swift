import Foundation
import PostgresNIO
import Storage
import Synchronization

/// How common a place or a title word is, read from the statistics ANALYZE keeps on `place_search` and
/// `title_search` instead of from the postings. Search plans by these shares: whether a place is small enough to
/// read first, and whether a common title is found sooner by walking the newest postings. Counting instead, even
/// stopped at a limit, reads that many heap rows: 18 ms for Houston and 35 ms for Texas at a million postings,
/// paid before every search. The statistics are read once every few minutes and an estimate costs nothing.
final class IndexStatistics: Sendable {
    /// For one text column: the share of postings each common word is in, the share below which words are not
    /// listed, and the table's row count, as of the last ANALYZE.
    struct Shares: Sendable, Equatable {
        var words: [String: Double]
        var unlisted: Double
        var rows: Double

        func share(of word: String) -> Double { words[word] ?? unlisted }

        /// An upper bound: a phrase is in no more postings than its rarest word, and a place is in no more than
        /// its phrases together. Erring high only costs a large-place plan for a small place, while erring low
        /// would read a large place's postings in full.
        func postings(in place: PlaceFilter) -> Double { placeShare(place) * rows }

        func placeShare(_ place: PlaceFilter) -> Double {
            min(1, place.phrases.reduce(0.0) { total, phrase in total + (phrase.map(share(of:)).min() ?? 0) })
        }

        /// The share of titles holding every term, each term being any of its words: at most the rarest term's.
        func titleShare(_ terms: [[String]]) -> Double {
            terms.map { words in min(1, words.reduce(0.0) { $0 + share(of: $1) }) }.min() ?? 1
        }
    }

    struct Snapshot: Sendable, Equatable {
        var place: Shares?
        var title: Shares?
    }

    private let cached = Mutex<(snapshot: Snapshot, readAt: ContinuousClock.Instant?)>((Snapshot(), nil))
    static let refreshInterval = Duration.seconds(300)

    /// The latest statistics, read again when older than the refresh interval. A column the table was never
    /// analysed for has none, and the caller counts or plans without it.
    func current(_ database: PostgresDatabase) async throws -> Snapshot {
        let now = ContinuousClock.now
        let fresh = cached.withLock { state -> Snapshot? in
            guard let readAt = state.readAt, now - readAt < Self.refreshInterval else { return nil }
            return state.snapshot
        }
        if let fresh { return fresh }
        let snapshot = try await Self.read(database)
        cached.withLock { $0 = (snapshot, now) }
        return snapshot
    }

    /// After a load has analysed the table again.
    func forget() { cached.withLock { $0 = (Snapshot(), nil) } }

    /// For tsvector columns, `most_common_elem_freqs` lists one share per word followed by the lowest and the
    /// highest share (no null share).
    static func read(_ database: PostgresDatabase) async throws -> Snapshot {
        let rows = try await database.rows(
            """
            SELECT s.attname::text, s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples::float8
            FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename
            WHERE s.schemaname = current_schema() AND s.tablename = 'jobs' AND s.attname IN ('place_search', 'title_search')
                AND c.relnamespace = to_regnamespace(current_schema())
            """)
        var snapshot = Snapshot()
        for row in rows {
            guard let (column, words, shares, count) = try? row.decode((String, [String]?, [Float]?, Double).self),
                let words, let shares, shares.count >= words.count + 2, count > 0
            else { continue }
            var table: [String: Double] = [:]
            for (word, share) in zip(words, shares) { table[word] = Double(share) }
            let read = Shares(words: table, unlisted: Double(shares[words.count]), rows: count)
            if column == "place_search" { snapshot.place = read } else { snapshot.title = read }
        }
        return snapshot
    }
}
