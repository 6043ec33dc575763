import Foundation
import Storage

/// Scores a posting against a profile and says why, in one line ("matches 3/5 skills; missing AWS").
public struct JobMatcher: Sendable {
    public struct Match: Sendable {
        public var posting: JobPosting
        /// 0...100
        public var score: Int
        public var explanation: String
        public var missingSkills: [String]
    }

    public let taxonomy: SkillTaxonomy

    public init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
    }

    public func match(_ posting: JobPosting, profile: UserProfile) -> Match {
        var reasons: [String] = []
        let mine = Set(profile.skills.map { taxonomy.canonical($0).lowercased() })
        let wanted = posting.skills.map { taxonomy.canonical($0) }
        let have = wanted.filter { mine.contains($0.lowercased()) }
        let missing = wanted.filter { !mine.contains($0.lowercased()) }
        let skillScore: Double
        if wanted.isEmpty {
            skillScore = 0.5
        } else {
            skillScore = Double(have.count) / Double(wanted.count)
            var reason = "matches \(have.count)/\(wanted.count) skills"
            if !missing.isEmpty { reason += "; missing \(missing.prefix(3).joined(separator: ", "))" }
            reasons.append(reason)
        }

        let titleScore = profile.targetRoles.map { Self.similarity($0, posting.title) }.max() ?? 0.5
        if let best = profile.targetRoles.max(by: { Self.similarity($0, posting.title) < Self.similarity($1, posting.title) }),
            Self.similarity(best, posting.title) >= 0.5
        {
            reasons.append("title close to \(best)")
        }

        let seniorityScore: Double
        if let years = profile.yearsExperience, let level = posting.seniority {
            let distance = abs(Self.rank(level) - Self.rank(forYears: years))
            seniorityScore = distance == 0 ? 1 : distance == 1 ? 0.5 : 0
            if distance >= 2 { reasons.append("\(level) role vs your \(years) years") }
        } else {
            seniorityScore = 0.5
        }

        let placeScore: Double
        let place = posting.location.lowercased()
        if profile.remotePreference == .remote {
            placeScore = posting.arrangement == .remote ? 1 : 0.1
            reasons.append(posting.arrangement == .remote ? "remote" : "not remote")
        } else if profile.locations.contains(where: { place.contains($0.lowercased()) }) {
            placeScore = 1
            reasons.append("in \(posting.location)")
        } else if profile.locations.isEmpty {
            placeScore = 0.5
        } else {
            placeScore = posting.arrangement == .remote ? 0.7 : 0.1
        }

        let salaryScore: Double
        if let floor = profile.salaryFloor.map(Double.init) {
            let top = posting.annualSalaryRange.max ?? posting.annualSalaryRange.min
            if let top {
                salaryScore = top >= floor ? 1 : 0
                if top < floor { reasons.append("pays below your \(Int(floor / 1000))k floor") }
            } else {
                salaryScore = 0.5
            }
        } else {
            salaryScore = 0.5
        }

        let total = 0.4 * skillScore + 0.25 * titleScore + 0.1 * seniorityScore + 0.15 * placeScore + 0.1 * salaryScore
        return Match(
            posting: posting, score: Int((total * 100).rounded()),
            explanation: reasons.isEmpty ? "general match" : reasons.joined(separator: "; "), missingSkills: missing)
    }

    /// Word overlap between two titles (Jaccard over lower-cased words, plural folded).
    static func similarity(_ first: String, _ second: String) -> Double {
        func words(_ text: String) -> Set<String> {
            Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map { word in
                word.count > 3 && word.hasSuffix("s") ? String(word.dropLast()) : String(word)
            }.filter { !["senior", "junior", "lead", "staff", "sr", "jr", "principal"].contains($0) })
        }
        let a = words(first)
        let b = words(second)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    static func rank(_ level: String) -> Int {
        ["intern": 0, "junior": 1, "mid": 2, "senior": 3, "lead": 4, "staff": 4, "principal": 5, "director": 5][level] ?? 2
    }

    static func rank(forYears years: Int) -> Int {
        switch years {
        case ..<1: return 0
        case ..<3: return 1
        case ..<6: return 2
        case ..<10: return 3
        default: return 4
        }
    }
}
