import Foundation
import Storage

/// The citable facts of a resume: its achievement lines (with line numbers) and recognised skills.
package struct ResumeFacts: Sendable, Equatable {
    package struct Line: Sendable, Equatable {
        package var number: Int
        package var text: String
    }

    package var achievements: [Line]
    package var skills: [String]
    package var text: String

    static let actionVerbs: Set<String> = [
        "led", "built", "designed", "shipped", "launched", "created", "developed", "managed", "reduced", "increased",
        "improved", "grew", "migrated", "automated", "delivered", "implemented", "owned", "mentored", "wrote", "cut",
        "saved", "drove", "established", "introduced", "optimized", "optimised", "scaled", "trained", "negotiated",
        "coordinated", "analyzed", "analysed", "rebuilt", "redesigned", "supported", "resolved", "won", "raised",
    ]

    package init(text: String, taxonomy: SkillTaxonomy) {
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
        var found = taxonomy.extract(from: text, limit: 60)
        // What the person listed under a Skills heading counts as a skill even when no catalog knows it
        // ("patient care", "ventilator management").
        for item in Self.listedSkills(in: text) where !found.contains(where: { taxonomy.same($0, item) }) {
            found.append(taxonomy.canonical(item))
        }
        skills = Array(found.prefix(80))
    }

    /// Comma- or bullet-separated items under a "Skills" (or "Certifications") heading, up to the next heading.
    static func listedSkills(in text: String) -> [String] {
        var items: [String] = []
        var inSection = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let heading = line.trimmingCharacters(in: CharacterSet(charactersIn: "#*: ")).lowercased()
            if [
                "skills", "technical skills", "core skills", "key skills", "certifications", "licenses and certifications",
                "certifications and licenses", "skills and certifications", "licences",
            ].contains(heading) {
                inSection = true
                continue
            }
            guard inSection else { continue }
            if line.isEmpty { continue }
            // The next heading: a short line in capitals or starting with "#".
            if line.hasPrefix("#")
                || (line == line.uppercased() && line.count < 40 && line.contains(where: \.isLetter)) && !line.contains(",")
            {
                inSection = false
                continue
            }
            let body = line.hasPrefix("-") || line.hasPrefix("*") || line.hasPrefix("•") ? String(line.dropFirst()) : line
            for item in body.split(whereSeparator: { ",;|•·".contains($0) }) {
                let skill = item.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ".")))
                if skill.count >= 2, skill.count <= 40, skill.split(separator: " ").count <= 4 { items.append(skill) }
            }
            if items.count >= 60 { break }
        }
        return items
    }
}
