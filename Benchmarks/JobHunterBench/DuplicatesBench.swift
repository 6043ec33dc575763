import Foundation
import Storage
import Tools

/// How many planted duplicates the index merges: N generated postings, then a tenth of them posted again "by
/// another board" with the spellings boards really use (a legal suffix on the company, "Sr." for "Senior", the
/// state written out, the country added), each passed through the importer's normaliser.
enum DuplicatesBench {
    static func run(count: Int) async {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = root.appendingPathComponent("data")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-dups-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let store = SQLiteJobStore(database: try AppDatabase(path: folder.appendingPathComponent("dups.sqlite").path))
            let generator = try SyntheticJobGenerator.load(dataDirectory: data)
            let normalizer = try JobNormalizer.load(dataDirectory: data)
            let states = try regionNames(data)
            let now = Date()
            var originals: [JobPosting] = []
            generator.generate(count: count, seed: 11, now: now) { originals += $0 }
            let loaded = originals
            let first = try await store.bulkLoad { insert in try insert(loaded) }
            var planted: [JobPosting] = []
            for (index, posting) in originals.enumerated() where index % 10 == 0 {
                var copy = posting
                copy.source = "indeed"
                copy.sourceID = nil
                copy.occupationCode = nil
                copy.company += [", Inc.", " LLC", " Ltd", " GmbH"][index / 10 % 4]
                copy.title = copy.title.replacingOccurrences(of: "Senior ", with: "Sr. ")
                let parts = copy.location.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 3, let state = states[parts[1]] {
                    copy.location = index % 20 == 0 ? "\(parts[0]), \(state), United States" : "\(parts[0]), \(parts[1])"
                    copy.country = nil
                }
                planted.append(normalizer.normalize(copy))
            }
            let second = try await store.upsert(planted)
            let total = try await store.count()
            print("Duplicate merging: \(count) generated postings (\(first.inserted) distinct), \(planted.count) re-posted with other spellings")
            print(String(format: "  merged into the original    : %d of %d (%.1f%%)", second.updated, planted.count, Double(second.updated) * 100 / Double(max(1, planted.count))))
            print("  kept apart (new postings)   : \(second.inserted)")
            print("  postings in the index       : \(total)")
        } catch {
            print("duplicates benchmark failed: \(error)")
        }
    }

    /// "TX" → "Texas", for writing states out as some boards do.
    static func regionNames(_ data: URL) throws -> [String: String] {
        let text = try String(contentsOf: data.appendingPathComponent("regions.tsv"), encoding: .utf8)
        var names: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count > 2, fields[2] == "US" { names[fields[1]] = fields[0] }
        }
        return names
    }
}
