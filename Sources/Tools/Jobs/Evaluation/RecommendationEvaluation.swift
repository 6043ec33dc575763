import Assistant
import Foundation
import Logging
import Storage

/// Measures recommendations against hand-graded judgments: personas (profiles and resumes), a corpus of postings
/// and, per persona, the postings a careful recruiter would show (grade 2: would apply; 1: worth a look; anything
/// not listed: 0). Runs the real `recommend_jobs` tool over a fresh SQLite index built by the real importer.
package struct RecommendationEvaluation: Sendable {
    package struct Persona: Sendable, Decodable {
        package var id: String
        /// "tune" (may guide changes to the matcher) or "held-out" (never looked at while changing it).
        package var split: String
        package var about: String
        package var resume: String?
        package var profile: UserProfile
    }

    package struct Score: Sendable {
        package var persona: String
        package var split: String
        /// Relevant postings in the top five, over the number that could be there (five, or fewer when fewer are relevant).
        package var precision: Double
        package var ndcg: Double
        package var shown: [(posting: String, grade: Int)]
    }

    package enum LoadError: Error, CustomStringConvertible {
        case badFile(String, String)
        package var description: String {
            switch self {
            case .badFile(let file, let reason): return "\(file): \(reason)"
            }
        }
    }

    let folder: URL
    let dataDirectory: URL

    /// - Parameter folder: holds `postings.jsonl`, `personas.json`, `judgments.tsv` and `resumes/`.
    package init(folder: URL, dataDirectory: URL) {
        self.folder = folder
        self.dataDirectory = dataDirectory
    }

    /// - Parameter makeStores: opens empty stores for the evaluation, given a scratch folder and the clock to use.
    package func run(now: Date, limit: Int = 5, makeStores: (URL, WallClock) throws -> Stores) async throws -> [Score] {
        let personas = try JSONDecoder().decode([Persona].self, from: Data(contentsOf: folder.appendingPathComponent("personas.json")))
        let judgments = try loadJudgments()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stores = try makeStores(scratch, .fixed(now))
        // Loading reference data and reading the corpus take seconds of CPU: on a thread of their own, never
        // on the cooperative pool that every other task (a database driver's replies too) waits for.
        let (dataDirectory, corpus) = (self.dataDirectory, folder.appendingPathComponent("postings.jsonl").path)
        let (imported, reference) = try await BlockingWork.run {
            (
                try JobImporter(normalizer: JobNormalizer.load(dataDirectory: dataDirectory)).read(path: corpus),
                try ReferenceData.load(dataDirectory: dataDirectory)
            )
        }
        _ = try await stores.jobs.upsert(imported.postings)
        let registry = ToolCatalog.standard(JobServices(stores: stores, reference: reference, fileAccess: .server(exports: scratch)))
        let (users, profiles, resumes) = (stores.users, stores.profiles, stores.resumes)

        var scores: [Score] = []
        for persona in personas {
            let user = try await users.user(named: persona.id)
            try await profiles.save(persona.profile, userID: user.id)
            if let resume = persona.resume {
                let file = try ResumeFile.read(path: folder.appendingPathComponent("resumes").appendingPathComponent(resume).path)
                _ = try await resumes.save(userID: user.id, filename: file.filename, text: file.text)
            }
            let context = ToolContext(userID: user.id, state: ConversationState(), clock: .fixed(now), logger: Logger(label: "eval"))
            let output = await registry.run(ToolCall(id: "1", name: "recommend_jobs", arguments: "{\"limit\":\(limit)}"), context: context)
                .output
            var shown: [(posting: String, grade: Int)] = []
            for result in output.content["results"]?.arrayValue ?? [] {
                guard let id = result["id"]?.numberValue, let posting = try await stores.jobs.posting(id: Int64(id)) else { continue }
                let key = posting.sourceID ?? "?"
                shown.append((key, judgments[persona.id]?[key] ?? 0))
            }
            let grades = judgments[persona.id] ?? [:]
            scores.append(
                Score(
                    persona: persona.id, split: persona.split,
                    precision: Self.precision(shown.map(\.grade), relevant: grades.values.filter { $0 > 0 }.count, at: limit),
                    ndcg: Self.ndcg(shown.map(\.grade), ideal: Array(grades.values), at: limit), shown: shown))
        }
        return scores
    }

    /// persona → posting → grade.
    func loadJudgments() throws -> [String: [String: Int]] {
        let text = try String(contentsOf: folder.appendingPathComponent("judgments.tsv"), encoding: .utf8)
        var judgments: [String: [String: Int]] = [:]
        for (number, line) in text.split(separator: "\n").enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let grade = Int(fields[2]), (0...2).contains(grade), !fields[3].isEmpty else {
                throw LoadError.badFile("judgments.tsv", "line \(number + 1) needs persona, posting, grade 0-2 and a reason")
            }
            judgments[fields[0], default: [:]][fields[1]] = grade
        }
        return judgments
    }

    static func precision(_ grades: [Int], relevant: Int, at k: Int) -> Double {
        let possible = min(k, relevant)
        guard possible > 0 else { return 0 }
        return Double(grades.prefix(k).filter { $0 > 0 }.count) / Double(possible)
    }

    /// Normalised discounted cumulative gain with gains 2^grade − 1 and a log2(rank + 1) discount.
    static func ndcg(_ grades: [Int], ideal: [Int], at k: Int) -> Double {
        func dcg(_ values: [Int]) -> Double {
            values.prefix(k).enumerated().reduce(0) { total, item in
                total + (pow(2, Double(item.element)) - 1) / log2(Double(item.offset) + 2)
            }
        }
        let best = dcg(ideal.sorted(by: >))
        return best > 0 ? dcg(grades) / best : 0
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// The table a benchmark or test prints: one line per persona, then the means of each half and of all.
    package static func report(_ scores: [Score]) -> String {
        var lines = ["persona   split      P@5   nDCG@5  top five (posting:grade)"]
        for score in scores {
            let shown = score.shown.map { "\($0.posting):\($0.grade)" }.joined(separator: " ")
            lines.append(
                pad(score.persona, 10) + pad(score.split, 9) + String(format: "%5.2f  %6.2f  ", score.precision, score.ndcg) + shown)
        }
        for (name, subset) in [
            ("tune", scores.filter { $0.split == "tune" }), ("held-out", scores.filter { $0.split == "held-out" }), ("all", scores),
        ] where !subset.isEmpty {
            let precision = subset.map(\.precision).reduce(0, +) / Double(subset.count)
            let ndcg = subset.map(\.ndcg).reduce(0, +) / Double(subset.count)
            lines.append(pad("mean " + name, 19) + String(format: "%5.2f  %6.2f  (%d personas)", precision, ndcg, subset.count))
        }
        return lines.joined(separator: "\n")
    }
}
