import Foundation
import Storage

/// Search phrases that mean the same job or skill ("rn" and "registered nurse"), from `data/search_synonyms.tsv`.
package struct SearchSynonyms: Sendable {
    /// Each group as word lists: [["rn"], ["registered", "nurse"]].
    let groups: [[[String]]]

    package init(groups: [[String]]) {
        self.groups = groups.map { group in group.map { SearchWords.words($0) }.filter { !$0.isEmpty } }
    }

    package static func load(dataDirectory: URL) -> SearchSynonyms {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("search_synonyms.tsv"), encoding: .utf8) else {
            return SearchSynonyms(groups: [])
        }
        let groups = text.split(separator: "\n").dropFirst().compactMap { line -> [String]? in
            guard let phrases = line.split(separator: "\t").first else { return nil }
            let group = phrases.split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return group.count > 1 ? group : nil
        }
        return SearchSynonyms(groups: groups)
    }

    /// The query with one phrase replaced by each of its synonyms, and the replacement made, e.g.
    /// ("registered nurse jobs", "rn → registered nurse"). At most `limit`, in file order.
    package func rewrites(of text: String, limit: Int = 6) -> [(text: String, change: String)] {
        let words = SearchWords.words(text)
        var rewrites: [(text: String, change: String)] = []
        var seen: Set<String> = [words.joined(separator: " ")]
        for group in groups {
            for phrase in group {
                guard let start = Self.find(phrase, in: words) else { continue }
                for other in group where other != phrase {
                    let replaced = Array(words[..<start]) + other + Array(words[(start + phrase.count)...])
                    let joined = replaced.joined(separator: " ")
                    guard seen.insert(joined).inserted else { continue }
                    rewrites.append((joined, phrase.joined(separator: " ") + " → " + other.joined(separator: " ")))
                    if rewrites.count == limit { return rewrites }
                }
            }
        }
        return rewrites
    }

    private static func find(_ phrase: [String], in words: [String]) -> Int? {
        guard !phrase.isEmpty, phrase.count <= words.count else { return nil }
        return (0...(words.count - phrase.count)).first { Array(words[$0..<($0 + phrase.count)]) == phrase }
    }
}
