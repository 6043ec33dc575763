import Foundation
import PostgresNIO
import Storage

extension PostgresJobStore {
    package func marketStats(title: String, location: String?, sample: Int) async throws -> MarketStats {
        // The title's words as the exact words the index holds (see SearchTerms): counting "engineer:*" at a
        // million postings read every posting of every word it covers (64 ms).
        guard case .terms(let terms) = try await searchTerms(SearchWords.words(title)) else { return .empty }
        let match = terms.tsquery
        var bindings = PostgresBindings()
        func bind(_ value: String) -> String {
            bindings.append(value)
            return "$\(bindings.count)"
        }
        var filter = "jobs.title_search @@ to_tsquery('simple', \(bind(match)))"
        if let place = PlaceFilter(location: location?.trimmingCharacters(in: .whitespaces)) {
            filter += " AND " + JobFilters.placeCondition(place, bind: bind)
        }
        let limit = max(1, min(sample, 20_000))
        let total =
            try await database.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM jobs WHERE \(filter)", binds: bindings))
            .first?.decode(Int.self) ?? 0
        let samples = try await database.rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT jobs.skills, jobs.annual_min, jobs.arrangement, jobs.location, jobs.company FROM jobs
                    WHERE \(filter) ORDER BY jobs.id DESC LIMIT \(limit)
                    """, binds: bindings)
        ).map { row in
            let (skills, annualMin, arrangement, place, company) = try row.decode((String, Double?, String, String, String).self)
            return MarketSample(skillsJSON: skills, annualMin: annualMin, arrangement: arrangement, location: place, company: company)
        }
        return MarketStats.tally(total: total, samples: samples)
    }
}
