import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

/// The judged evaluation of recommendations (Fixtures/recommendations/README.md): prints P@5 and nDCG@5 per
/// persona and the means, and fails if quality falls below the floor the matcher has reached.
@Suite("Recommendation quality on hand-graded personas")
struct RecommendationEvaluationTests {
    @Test("22 personas over 157 postings: nine in ten get a relevant posting first, and the means hold")
    func judged() async throws {
        let evaluation = RecommendationEvaluation(
            folder: JobsFixtures.fixtures.appendingPathComponent("recommendations"), dataDirectory: JobsFixtures.data)
        let scores = try await evaluation.run(now: JobsFixtures.now) { folder, clock in
            Stores.sqlite(try AppDatabase(path: folder.appendingPathComponent("eval.sqlite").path), clock: clock)
        }
        print(RecommendationEvaluation.report(scores))

        #expect(scores.count >= 20)
        let heldOut = scores.filter { $0.split == "held-out" }
        #expect(heldOut.count * 2 >= scores.count)
        let meanPrecision = scores.map(\.precision).reduce(0, +) / Double(scores.count)
        let meanNDCG = scores.map(\.ndcg).reduce(0, +) / Double(scores.count)
        #expect(meanPrecision >= 0.8, "mean P@5 \(meanPrecision)")
        #expect(meanNDCG >= 0.8, "mean nDCG@5 \(meanNDCG)")
        let relevantFirst = scores.filter { $0.shown.first.map { $0.grade > 0 } == true }
        #expect(Double(relevantFirst.count) >= 0.9 * Double(scores.count), "relevant first for \(relevantFirst.count) of \(scores.count)")
    }
}
