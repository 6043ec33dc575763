import Foundation
import PostgresNIO
import Storage
import Testing

@testable import PostgresStorage

/// The PostgreSQL search plans by ANALYZE's word shares (IndexStatistics): a low place estimate would read a large
/// place's postings in full, so estimates err high; a walk of the newest postings must find what the indexes find.
@Suite("PostgreSQL index statistics")
struct IndexStatisticsTests {
    let places = IndexStatistics.Shares(
        words: ["houston": 0.014, "new": 0.08, "york": 0.055, "tx": 0.09, "us": 1.0], unlisted: 0.0002, rows: 1_000_000)

    @Test("a phrase counts as its rarest word, alternatives add up, unlisted words count as the lowest listed share")
    func placeUpperBounds() throws {
        #expect(places.postings(in: try #require(PlaceFilter(location: "New York"))) == 55_000)
        #expect(places.postings(in: try #require(PlaceFilter(location: "Houston"))) == 14_000)
        #expect(places.postings(in: try #require(PlaceFilter(location: "Boise"))) == 200)
        // "Texas" is unlisted but ", TX" is common: the place is as large as both together.
        let texas = try #require(PlaceFilter(location: "Texas", alternatives: ["TX"]))
        #expect(places.postings(in: texas) == 90_200)
        // Never more than the whole table.
        #expect(places.postings(in: try #require(PlaceFilter(location: "US", alternatives: ["New York"]))) == 1_000_000)
    }

    @Test("a title's share is its rarest term's, a term being any of its words; a prefix left unexpanded counts as none")
    func titleShares() {
        let titles = IndexStatistics.Shares(words: ["nurse": 0.026, "nurses": 0.001, "registered": 0.0016], unlisted: 0.0002, rows: 1_000)
        #expect(abs(titles.titleShare([["nurse", "nurses"]]) - 0.027) < 1e-9)
        #expect(abs(titles.titleShare([["registered"], ["nurse", "nurses"]]) - 0.0016) < 1e-9)
        #expect(titles.titleShare([["registered"], []]) == 0)
    }

    @Test("statistics come from the analysed table; a table never analysed has none and the store counts instead")
    func readsAnalysedStatistics() async throws {
        guard Backend.available.contains(.postgresql) else { return }
        let (stores, _) = try await Backend.postgresql.makeStores()
        let store = try #require(stores.jobs as? PostgresJobStore)
        #expect(try await IndexStatistics.read(store.database) == IndexStatistics.Snapshot())
        #expect(try await store.isSmall(PlaceFilter(location: "Houston")))
        let postings = (0..<60).map { index in
            JobPosting(source: "t", title: "Welder \(index)", company: "Firm \(index)", location: index < 45 ? "Houston, TX" : "Boise, ID")
        }
        _ = try await store.upsert(postings)
        try await store.database.execute("ANALYZE jobs")
        let read = try await IndexStatistics.read(store.database)
        let place = try #require(read.place)
        #expect(place.rows == 60)
        #expect(abs(place.share(of: "houston") - 0.75) < 0.01)
        #expect(abs(place.share(of: "boise") - 0.25) < 0.01)
        #expect(abs((read.title?.share(of: "welder") ?? 0) - 1) < 0.01)
        // Both places are small, and the search with a place still finds exactly its postings.
        #expect(try await store.isSmall(PlaceFilter(location: "Houston")))
        #expect(try await store.search(JobQuery(text: "welder", location: "Boise", limit: 50)).count == 15)
    }

    @Test("a common title is found by walking the newest postings, with the same answer as the indexes give; a rare one is not walked")
    func walkAgreesWithIndexes() async throws {
        guard Backend.available.contains(.postgresql) else { return }
        let (stores, _) = try await Backend.postgresql.makeStores()
        let store = try #require(stores.jobs as? PostgresJobStore)
        // Nurses are a third of the postings, welders one in a hundred and twenty.
        let postings = (0..<1_200).map { index in
            let title = index % 120 == 7 ? "Welder" : index % 3 == 0 ? "Registered Nurse \(index)" : "Cashier \(index)"
            return JobPosting(source: "t", title: title, company: "Firm \(index)", location: index % 2 == 0 ? "Houston, TX" : "Boise, ID")
        }
        _ = try await store.upsert(postings)
        try await store.database.execute("ANALYZE jobs")
        let query = JobQuery(text: "nurse", location: "Houston", limit: 10)
        guard case .terms(let title) = try #require(try await store.searchTerms(["nurse"])) else {
            Issue.record("nurse is a title word")
            return
        }
        let (terms, words) = (title.tsquery, title.words)
        #expect(try await store.newestWalk(query, titleWords: words, smallPlace: false) != nil)
        let walked = try await store.search(query).map(\.posting.id)
        let indexed = try await store.run(query, match: terms, ranked: false).map(\.posting.id)
        #expect(walked.count == 10)
        #expect(walked == indexed)
        // A filter the walk does not estimate, or a title too rare for the number asked for, goes to the indexes.
        var senior = query
        senior.seniority = "senior"
        #expect(try await store.newestWalk(senior, titleWords: words, smallPlace: false) == nil)
        let welders = JobQuery(text: "welder", limit: 100)
        #expect(try await store.newestWalk(welders, titleWords: [["welder"]], smallPlace: false) == nil)
        #expect(try await store.search(welders).count == 10)
    }
}
