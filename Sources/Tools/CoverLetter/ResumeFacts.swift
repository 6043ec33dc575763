import Foundation
import Storage

/// The citable facts of a resume: its achievement lines (with line numbers) and recognised skills.
public struct ResumeFacts: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var text: String
    }

    public var achievements: [Line]
    public var skills: [String]
    public var text: String

    static let actionVerbs: Set<String> = [
        "led", "built", "designed", "shipped", "launched", "created", "developed", "managed", "reduced", "increased",
        "improved", "grew", "migrated", "automated", "delivered", "implemented", "owned", "mentored", "wrote", "cut",
        "saved", "drove", "established", "introduced", "optimized", "optimised", "scaled", "trained", "negotiated",
        "coordinated", "analyzed", "analysed", "rebuilt", "redesigned", "supported", "resolved", "won", "raised",
    ]

    public init(text: String, taxonomy: SkillTaxonomy) {
        self.text = text
        var lines: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            let isBullet = line.hasPrefix("-") || line.hasPrefix("*") || line.hasPrefix("•")
            if isBullet { line = line.dropFirst().trimmingCharacters(in: .whitespaces) }
            let first = line.split(separator: " ").first.map { $0.lowercased() } ?? ""
            guard line.count >= 25, line.count <= 400, isBullet || Self.actionVerbs.contains(first) else { continue }
            lines.append(Line(number: index + 1, text: line.hasSuffix(".") ? String(line.dropLast()) : line))
        }
        achievements = lines
        skills = taxonomy.extract(from: text, limit: 60)
    }
}
