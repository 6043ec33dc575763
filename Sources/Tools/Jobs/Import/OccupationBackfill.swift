import Foundation
import Storage

/// Maps postings indexed before occupations were stored (or whose title mapped to nothing then) to their O*NET
/// occupation, in batches, so recommendations can find them by occupation.
package struct OccupationBackfill: Sendable {
    let jobs: any JobStore
    let catalog: OccupationCatalog

    package init(jobs: any JobStore, catalog: OccupationCatalog) {
        self.jobs = jobs
        self.catalog = catalog
    }

    /// - Returns: how many postings had no occupation, and how many of them got one.
    package func run(batchSize: Int = 1_000, progress: (Int) -> Void = { _ in }) async throws -> (examined: Int, mapped: Int) {
        var after: Int64 = 0
        var examined = 0
        var mapped = 0
        while true {
            let batch = try await jobs.postingsWithoutOccupation(after: after, limit: batchSize)
            guard let last = batch.last else { break }
            var codes: [Int64: String] = [:]
            for posting in batch {
                if let code = catalog.mapPostingTitle(posting.title)?.occupation.code { codes[posting.id] = code }
            }
            try await jobs.setOccupations(codes)
            examined += batch.count
            mapped += codes.count
            after = last.id
            progress(examined)
        }
        return (examined, mapped)
    }
}
