import Foundation
import Storage

/// Scores a posting for a person and says why in one line: its strongest signals and its main gap
/// ("same occupation (Registered Nurses); has 2/3 skills; in Chicago · missing Epic Systems").
///
/// Six signals, each 0…1, weighted by how much they decide whether a posting is worth reading:
/// - occupation 0.35: a posting from another occupation is not a match however many tools overlap
///   (everyone lists Excel); O*NET's related occupations are the next best thing;
/// - skills 0.25: the share of the posting's specific skills, tools and certifications the person has;
/// - place 0.15: a posting in the wrong city is out of reach for most people, remote fits anyone;
/// - salary 0.10 and seniority 0.10: they rule postings out rather than in;
/// - recency 0.05: among equals, the newer posting is likelier still open.
/// Unknown signals count as neutral 0.5, so a thin profile neither rewards nor punishes a posting.
/// Ties are broken by the signals in that order, then by recency.
package struct JobMatcher: Sendable {
    package struct Signals: Sendable, Equatable {
        package var occupation = 0.5
        package var skills = 0.5
        package var place = 0.5
        package var salary = 0.5
        package var seniority = 0.5
        package var recency = 0.5

        static let weights = (occupation: 0.35, skills: 0.25, place: 0.15, salary: 0.10, seniority: 0.10, recency: 0.05)

        var total: Double {
            let w = Self.weights
            return w.occupation * occupation + w.skills * skills + w.place * place + w.salary * salary
                + w.seniority * seniority + w.recency * recency
        }

        /// The signals in tie-break order.
        var ordered: [Double] { [occupation, skills, place, salary, seniority, recency] }
    }

    package struct Match: Sendable {
        package var posting: JobPosting
        package var signals: Signals
        /// 0...100
        package var score: Int
        package var explanation: String
        package var missingSkills: [String]

        /// Best first: score, then each signal in order of weight, then the newer posting.
        static func ranksBefore(_ first: Match, _ second: Match) -> Bool {
            let (a, b) = (first.signals.total, second.signals.total)
            if abs(a - b) > 1e-9 { return a > b }
            for (x, y) in zip(first.signals.ordered, second.signals.ordered) where abs(x - y) > 1e-9 { return x > y }
            return first.posting.id > second.posting.id
        }
    }

    package let taxonomy: SkillTaxonomy

    package init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
    }

    /// Ranks with the profile alone, without occupations or a resume (career advice's "apply now" list).
    package func match(_ posting: JobPosting, profile: UserProfile, now: Date = Date()) -> Match {
        match(posting, seeker: JobSeeker(profile: profile, resumeText: nil, taxonomy: taxonomy, occupations: nil), now: now)
    }

    package func match(_ posting: JobPosting, seeker: JobSeeker, now: Date) -> Match {
        var signals = Signals()
        var strengths: [(weight: Double, text: String)] = []
        var gaps: [(weight: Double, text: String)] = []

        // Occupation: the same O*NET occupation, a related one, or (for postings imported before they were
        // mapped) how close the title is to a role the person named.
        if let code = posting.occupationCode, let own = seeker.family[code] {
            // Within one occupation the title still tells a mobile developer from a SOA one.
            let closest = seeker.roles.map { Self.similarity($0, posting.title) }.max() ?? 0
            signals.occupation = 0.85 + 0.15 * closest
            strengths.append((0.35, "same occupation (\(own))"))
        } else if let code = posting.occupationCode, let rank = seeker.related[code] {
            // Below any posting of the person's own occupation (0.85 and up), closest relations first.
            signals.occupation = max(0.4, 0.6 - 0.02 * Double(rank - 1))
            strengths.append((0.2, "related occupation"))
        } else if !seeker.roles.isEmpty {
            let best = seeker.roles.map { (role: $0, similarity: Self.similarity($0, posting.title)) }.max { $0.similarity < $1.similarity }
            let similarity = best?.similarity ?? 0
            let titleScore = posting.occupationCode == nil || seeker.family.isEmpty ? similarity : similarity * 0.6
            signals.occupation = titleScore
            if let best, similarity >= 0.5 { strengths.append((0.3 * similarity, "title close to \(best.role)")) }
            if titleScore < 0.3 { gaps.append((0.35, "a different line of work")) }
        }

        // Skills: only what says something about the job; office basics are left out when there is more.
        let specific = posting.skills.filter { !GenericWorkTools.isGeneric($0) }
        let wanted = (specific.isEmpty ? posting.skills : specific).map(taxonomy.canonical)
        var missing: [String] = []
        let mine = Set(seeker.skills.map { taxonomy.canonical($0).lowercased() })
        let have = wanted.filter { mine.contains($0.lowercased()) }
        if !wanted.isEmpty, !seeker.skills.isEmpty, have.isEmpty, seeker.skills.count < 3 {
            // One or two skills named in passing ("I have ACLS") are too little to say a posting does not fit,
            // but a posting that shares one of them must still rank above one that shares none.
            signals.skills = 0.25
        } else if !wanted.isEmpty, !seeker.skills.isEmpty {
            missing = wanted.filter { !mine.contains($0.lowercased()) }
            signals.skills = have.isEmpty ? 0 : 0.35 + 0.65 * Double(have.count) / Double(wanted.count)
            if !have.isEmpty {
                strengths.append(
                    (0.25 * signals.skills, "has \(have.count)/\(wanted.count) skills (\(have.prefix(3).joined(separator: ", ")))"))
            }
            if !missing.isEmpty {
                gaps.append((0.25 * Double(missing.count) / Double(wanted.count), "missing \(missing.prefix(3).joined(separator: ", "))"))
            }
        }

        // Place: remote-only people want remote postings; others want one of their places, remote also fits.
        if seeker.remoteOnly {
            signals.place = posting.arrangement == .remote ? 1 : 0.05
            if posting.arrangement == .remote { strengths.append((0.15, "remote")) } else { gaps.append((0.15, "not remote")) }
        } else if let index = seeker.places.firstIndex(where: { $0?.contains(location: posting.location, country: posting.country) == true }
        ) {
            signals.place = 1
            strengths.append((0.15, "in \(seeker.locations[index])"))
        } else if !seeker.locations.isEmpty {
            signals.place = posting.arrangement == .remote ? 0.8 : 0.1
            if posting.arrangement == .remote {
                strengths.append((0.1, "remote"))
            } else {
                gaps.append((0.15, "not in \(seeker.locations.prefix(2).joined(separator: " or "))"))
            }
        }

        if let floor = seeker.salaryFloor, floor > 0 {
            let range = posting.annualSalaryRange
            if let top = range.max ?? range.min {
                signals.salary = top >= floor ? 1 : max(0, 1 - (floor - top) / floor * 4)
                if top >= floor {
                    strengths.append((0.08, "pays up to \(Self.money(top))"))
                } else {
                    gaps.append((0.1, "pays below your \(Self.money(floor)) floor"))
                }
            }
        }

        if let level = posting.seniority,
            let wantedRank = seeker.seniority.map(Self.rank) ?? seeker.yearsExperience.map(Self.rank(forYears:))
        {
            let distance = abs(Self.rank(level) - wantedRank)
            signals.seniority = distance == 0 ? 1 : distance == 1 ? 0.6 : 0.1
            if distance >= 2 {
                let yours = seeker.seniority.map { "your \($0) level" } ?? "your \(seeker.yearsExperience ?? 0) years"
                gaps.append((0.1, "\(level) role vs \(yours)"))
            }
        }

        if let posted = posting.postedAt {
            let days = max(0, now.timeIntervalSince(posted) / 86_400)
            signals.recency = max(0, 1 - days / 60)
        }

        let best = strengths.sorted { $0.weight > $1.weight }.prefix(3).map(\.text)
        let gap = gaps.max { $0.weight < $1.weight }?.text
        var explanation = best.isEmpty ? "no strong signal" : best.joined(separator: "; ")
        if let gap { explanation += " · " + gap }
        return Match(
            posting: posting, signals: signals, score: Int((signals.total * 100).rounded()), explanation: explanation,
            missingSkills: missing)
    }

    static func money(_ value: Double) -> String {
        value >= 1000 ? "\(Int((value / 1000).rounded()))k" : "\(Int(value.rounded()))"
    }

    /// Word overlap between two titles (Jaccard over lower-cased words, plural folded).
    static func similarity(_ first: String, _ second: String) -> Double {
        func words(_ text: String) -> Set<String> {
            Set(
                text.lowercased().split { !$0.isLetter && !$0.isNumber }.map { word in
                    word.count > 3 && word.hasSuffix("s") ? String(word.dropLast()) : String(word)
                }.filter { !["senior", "junior", "lead", "staff", "sr", "jr", "principal"].contains($0) })
        }
        let a = words(first)
        let b = words(second)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    static func rank(_ level: String) -> Int {
        ["intern": 0, "entry": 1, "junior": 1, "mid": 2, "senior": 3, "lead": 4, "staff": 4, "principal": 5, "director": 5][
            level.lowercased()] ?? 2
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
