import Foundation
import PostgresNIO
@testable import PostgresStorage
import Storage
import Testing

/// The PostgreSQL search reads a place's size from ANALYZE's statistics; a low estimate would read a large
/// place's postings in full, so the estimate must err high.
@Suite("PostgreSQL place-size estimate")
struct PlaceSizeEstimateTests {
    let statistics = PlaceSizeEstimate.Statistics(
        shares: ["houston": 0.014, "new": 0.08, "york": 0.055, "tx": 0.09, "us": 1.0], unlistedShare: 0.0002, rows: 1_000_000)

    @Test("a phrase counts as its rarest word, alternatives add up, unlisted words count as the lowest listed share")
    func upperBounds() throws {
        #expect(statistics.postings(in: try #require(PlaceFilter(location: "New York"))) == 55_000)
        #expect(statistics.postings(in: try #require(PlaceFilter(location: "Houston"))) == 14_000)
        #expect(statistics.postings(in: try #require(PlaceFilter(location: "Boise"))) == 200)
        // "Texas" is unlisted but ", TX" is common: the place is as large as both together.
        let texas = try #require(PlaceFilter(location: "Texas", alternatives: ["TX"]))
        #expect(statistics.postings(in: texas) == 90_200)
        // Never more than the whole table.
        #expect(statistics.postings(in: try #require(PlaceFilter(location: "US", alternatives: ["New York"]))) == 1_000_000)
    }

    @Test("statistics come from the analysed table; a table never analysed has none and the store counts instead")
    func readsAnalysedStatistics() async throws {
        guard Backend.available.contains(.postgresql) else { return }
        let (stores, _) = try await Backend.postgresql.makeStores()
        let store = try #require(stores.jobs as? PostgresJobStore)
        #expect(try await PlaceSizeEstimate.read(store.database) == nil)
        #expect(try await store.isSmall(PlaceFilter(location: "Houston")))
        let postings = (0..<60).map { index in
            JobPosting(source: "t", title: "Welder \(index)", company: "Firm \(index)", location: index < 45 ? "Houston, TX" : "Boise, ID")
        }
        _ = try await store.upsert(postings)
        try await store.database.execute("ANALYZE jobs")
        let read = try #require(try await PlaceSizeEstimate.read(store.database))
        #expect(read.rows == 60)
        #expect(abs((read.shares["houston"] ?? 0) - 0.75) < 0.01)
        #expect(abs((read.shares["boise"] ?? 0) - 0.25) < 0.01)
        // Both places are small, and the search with a place still finds exactly its postings.
        #expect(try await store.isSmall(PlaceFilter(location: "Houston")))
        #expect(try await store.search(JobQuery(text: "welder", location: "Boise", limit: 50)).count == 15)
    }
}
