import Foundation
import SQLiteStorage
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
            // Another board's own title for the same job, its description copied and re-formatted: only the
            // description can tell these are the same job.
            var retitled: [JobPosting] = []
            // The same text for a job one level up: a different job, which must stay apart.
            var promoted: [JobPosting] = []
            for (index, posting) in originals.enumerated() where index % 10 == 5 && DescriptionFingerprint.of(posting.description) != nil {
                var copy = posting
                copy.source = "glassdoor"
                copy.sourceID = nil
                copy.title = "\(posting.title) (\(["Full Time", "Days", "Immediate Start", "Hiring Now"][index / 10 % 4]))"
                copy.description = posting.description.replacingOccurrences(of: "\n- ", with: "\n• ") + "\nApply on Glassdoor."
                retitled.append(normalizer.normalize(copy))
                if posting.seniorityWords.isEmpty {
                    var up = posting
                    up.source = "glassdoor"
                    up.title = "Lead " + posting.title
                    promoted.append(normalizer.normalize(up))
                }
            }
            distances(originals: originals, retitled: retitled)
            let third = try await store.upsert(retitled)
            let fourth = try await store.upsert(promoted)
            let total = try await store.count()
            print("Duplicate merging: \(count) generated postings (\(first.inserted) distinct)")
            print(
                String(
                    format: "  other spellings, merged     : %d of %d (%.1f%%)", second.updated, planted.count,
                    Double(second.updated) * 100 / Double(max(1, planted.count))))
            print(
                String(
                    format: "  retitled copies, merged     : %d of %d (%.1f%%) by near-identical description", third.updated,
                    retitled.count, Double(third.updated) * 100 / Double(max(1, retitled.count))))
            print(
                String(
                    format: "  one level up, kept apart    : %d of %d (%.1f%%)", fourth.inserted, promoted.count,
                    Double(fourth.inserted) * 100 / Double(max(1, promoted.count))))
            print("  postings in the index       : \(total)")
        } catch {
            print("duplicates benchmark failed: \(error)")
        }
    }

    /// Fingerprint distances of true copies against those of different postings of one company and place: the
    /// evidence for `DescriptionFingerprint.maximumDistance`.
    static func distances(originals: [JobPosting], retitled: [JobPosting]) {
        var byKey: [String: JobPosting] = [:]
        var byPlace: [String: [JobPosting]] = [:]
        for posting in originals {
            byKey[posting.dedupKey] = posting
            byPlace[posting.companyPlaceKey, default: []].append(posting)
        }
        var copies = [Int](repeating: 0, count: 65)
        for copy in retitled {
            guard let a = copy.descriptionFingerprint else { continue }
            let best =
                (byPlace[copy.companyPlaceKey] ?? []).compactMap { $0.descriptionFingerprint.map { ($0 ^ a).nonzeroBitCount } }.min() ?? 64
            copies[best] += 1
        }
        var different = [Int](repeating: 0, count: 65)
        for group in byPlace.values where group.count > 1 {
            for i in 0..<group.count {
                for j in (i + 1)..<group.count {
                    guard let a = group[i].descriptionFingerprint, let b = group[j].descriptionFingerprint else { continue }
                    different[(a ^ b).nonzeroBitCount] += 1
                }
            }
        }
        func line(_ counts: [Int]) -> String {
            var total = 0
            return (0...16).map { d in
                total += counts[d]
                return "≤\(d):\(total)"
            }.joined(separator: " ") + " of \(counts.reduce(0, +))"
        }
        print("  copy distances (cumulative): " + line(copies))
        print("  other postings, same place : " + line(different))
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
