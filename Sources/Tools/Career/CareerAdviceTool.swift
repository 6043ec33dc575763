import Assistant
import Foundation
import Storage

/// "How do I move from X to Y": the skill gap, stepping stones, the wage change, a learning plan and
/// roles to apply to now, each figure with its source.
package struct CareerAdviceTool: Tool {
    let catalog: OccupationCatalogLoader
    let jobs: any JobStore
    let profiles: any ProfileStore
    let taxonomy: SkillTaxonomy

    package init(catalog: OccupationCatalogLoader, jobs: any JobStore, profiles: any ProfileStore, taxonomy: SkillTaxonomy) {
        self.catalog = catalog
        self.jobs = jobs
        self.profiles = profiles
        self.taxonomy = taxonomy
    }

    package let name = "career_advice"
    package let description = "Advice for a career move: skill gap, stepping stones, wage change, learning plan, roles to apply to."
    package var parameters: JSONValue {
        Schema.object(
            [
                "current_role": Schema.string("The user's current job title."),
                "target_role": Schema.string("The job title they want."),
            ], required: ["target_role"])
    }

    struct Arguments: Decodable {
        var currentRole: String?
        var targetRole: String?
        enum CodingKeys: String, CodingKey {
            case currentRole = "current_role", targetRole = "target_role"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let profile = try await profiles.profile(userID: context.userID)
        let currentText = arguments.currentRole ?? profile.headline
        guard let targetText = (arguments.targetRole ?? profile.targetRoles.first)?.trimmingCharacters(in: .whitespaces),
            !targetText.isEmpty
        else {
            return ToolOutput(content: [
                "needs_target": true,
                "hint": "Which role do you want to move into? For example \"how do I move from data analyst to data scientist\".",
            ])
        }
        let catalog = try await self.catalog.catalog()
        guard let target = catalog.map(targetText) else {
            return ToolOutput(content: [
                "unknown_role": .string(targetText),
                "hint": .string(
                    "I couldn't match \"\(targetText)\" to an O*NET occupation; try a common title such as \"data scientist\" or \"UX designer\"."
                ),
            ])
        }
        let current = currentText.flatMap { catalog.map($0) }
        var content: [String: JSONValue] = [
            "target": .string(target.occupation.title), "target_soc": .string(target.occupation.code),
        ]
        if let current {
            content["current"] = .string(current.occupation.title)
            if current.occupation.code == target.occupation.code {
                content["same_occupation"] = .string(
                    "O*NET files \(current.matchedTitle) and \(target.matchedTitle) under the same occupation (\(target.occupation.title)), so the gap below is against what that occupation's postings ask for."
                )
            }
        }

        // Demanded skills: O*NET's in-demand and hot technologies for the target, weighted by how often the
        // index's postings for that title ask for them.
        let stats = try await jobs.marketStats(title: targetText, location: nil, sample: 1_000)
        var weight: [String: Double] = [:]
        var category: [String: String] = [:]
        for technology in catalog.technologies(for: target.occupation) where technology.hot || technology.inDemand {
            let name = taxonomy.canonical(technology.name)
            weight[name, default: 0] += (technology.inDemand ? 2 : 0) + (technology.hot ? 1 : 0)
            category[name] = technology.category
        }
        for skill in stats.topSkills {
            weight[taxonomy.canonical(skill.name), default: 0] += 3 * Double(skill.count) / Double(max(1, stats.sampled))
        }
        let demanded = weight.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12).map(\.key)
        let mine = Set(profile.skills.map { taxonomy.canonical($0).lowercased() })
        let have = demanded.filter { mine.contains($0.lowercased()) }
        let gap = demanded.filter { !mine.contains($0.lowercased()) }
        content["skills_you_have"] = .array(have.map(JSONValue.string))
        content["skill_gap"] = .array(gap.map(JSONValue.string))
        if profile.skills.isEmpty {
            content["no_profile_skills"] =
                "Your profile lists no skills, so every demanded skill shows as a gap; add yours (\"add Python and SQL to my skills\") for a precise gap."
        }

        content["plan"] = .array(
            gap.prefix(5).enumerated().map { index, skill in
                .string("\(index + 1). \(skill): \(Self.action(for: skill, category: category[skill] ?? ""))")
            })

        let stones = catalog.related(to: target.occupation, limit: 3, excluding: Set([current?.occupation.code].compactMap { $0 }))
        content["stepping_stones"] = .array(
            stones.map { occupation in
                let median = catalog.wages(for: occupation)?.median.map(TextBars.money) ?? "n/a"
                return .string("\(occupation.title) (median \(median))")
            })

        var sources = ["O*NET 29.2 technologies for \(target.occupation.code)", "BLS OEWS May 2024"]
        if let targetMedian = catalog.wages(for: target.occupation)?.median {
            content["target_median"] = .string(TextBars.money(targetMedian))
            if let current, current.occupation.code != target.occupation.code,
                let currentMedian = catalog.wages(for: current.occupation)?.median
            {
                let change = targetMedian - currentMedian
                content["wage_change"] = .string(
                    "\(change >= 0 ? "+" : "−")\(TextBars.money(abs(change))) (\(Int((change / currentMedian * 100).rounded()))%) from a median of \(TextBars.money(currentMedian)) as \(current.occupation.title)"
                )
            }
        }
        if stats.total > 0 {
            sources.append("local job index (\(TextBars.count(stats.total)) \(targetText) postings)")
            var query = JobQuery(text: targetText, limit: 30)
            if profile.remotePreference == .remote { query.arrangements = [.remote] }
            let matcher = JobMatcher(taxonomy: taxonomy)
            let ranked = try await jobs.search(query).map { matcher.match($0.posting, profile: profile) }
                .sorted { $0.score > $1.score }.prefix(3)
            content["apply_now"] = .array(
                ranked.map {
                    .string("\($0.posting.title) — \($0.posting.company), \($0.posting.location) (score \($0.score): \($0.explanation))")
                })
        }
        content["sources"] = .array(sources.map(JSONValue.string))
        return ToolOutput(content: .object(content))
    }

    /// A concrete first step for a skill, chosen by the kind of technology O*NET files it under.
    static func action(for skill: String, category: String) -> String {
        let kind = category.lowercased()
        let name = skill.lowercased()
        if ["aws", "azure", "google cloud", "docker", "kubernetes", "terraform", "ansible", "jenkins"].contains(where: name.contains) {
            return "deploy a small service using \(skill) and note what you automated; consider its vendor certification"
        }
        if kind.contains("data base") || kind.contains("database") {
            return "design a small schema in \(skill) and write 20 queries against a public dataset"
        }
        if kind.contains("analytical") || kind.contains("business intelligence") {
            return "redo a real analysis from your work in \(skill) and publish the notebook or dashboard"
        }
        if kind.contains("development") || kind.contains("programming") || kind.contains("web platform") {
            return "build a small project with \(skill), publish it on GitHub, and link it from your resume"
        }
        if kind.contains("operating system") || kind.contains("application server") || kind.contains("network") || kind.contains("cloud") {
            return "deploy a small service using \(skill) and note what you automated; consider its vendor certification"
        }
        return "take an introductory course in \(skill) and use it on one task at work within a month"
    }
}
