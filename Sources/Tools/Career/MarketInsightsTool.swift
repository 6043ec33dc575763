import Assistant
import Foundation
import Storage

/// Wages and employment for a role (BLS, via its O*NET occupation) plus demand in the local index.
package struct MarketInsightsTool: Tool {
    let catalog: OccupationCatalogLoader
    let jobs: any JobStore
    let countries: CountryNames
    let taxonomy: SkillTaxonomy

    package init(catalog: OccupationCatalogLoader, jobs: any JobStore, countries: CountryNames, taxonomy: SkillTaxonomy) {
        self.catalog = catalog
        self.jobs = jobs
        self.countries = countries
        self.taxonomy = taxonomy
    }

    package let name = "market_insights"
    package let description = "Wage percentiles and employment (BLS) and demand in the local job index for a role."
    package var parameters: JSONValue {
        Schema.object(
            [
                "role": Schema.string("Job title, e.g. \"Data Scientist\"."),
                "location": Schema.string("City or country for the index figures; wages are U.S. national."),
            ], required: ["role"])
    }

    struct Arguments: Decodable {
        var role: String?
        var location: String?
    }

    static let sample = 2_000

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        guard let role = arguments.role?.trimmingCharacters(in: .whitespaces), !role.isEmpty else {
            return ToolOutput(content: ["needs_role": true, "hint": "Which role? For example \"salary for a data scientist\"."])
        }
        guard role.count <= 120 else { throw ToolError.invalidArguments(tool: name, reason: "role is longer than 120 characters") }
        let catalog = try await self.catalog.catalog()
        guard let mapping = catalog.map(role) else {
            return ToolOutput(content: [
                "unknown_role": .string(role),
                "hint": .string(
                    "I couldn't match \"\(role)\" to an occupation in O*NET. Try a common title, such as \"software developer\", \"registered nurse\" or \"accountant\"."
                ),
            ])
        }
        var content: [String: JSONValue] = [
            "role": .string(role), "occupation": .string(mapping.occupation.title), "soc": .string(mapping.occupation.code),
            "matched_title": .string(mapping.matchedTitle), "exact_match": .bool(mapping.exact),
        ]
        var sources = ["O*NET 29.2 (occupation \(mapping.occupation.code))"]
        if let wages = catalog.wages(for: mapping.occupation) {
            let top = wages.percentiles.compactMap(\.value).max() ?? 1
            content["wages"] = .array(
                wages.percentiles.map { label, value in
                    let text = value.map { TextBars.money($0) + (wages.topCoded.contains(label) ? "+" : "") } ?? "n/a"
                    return [
                        "label": .string(label), "value": .string(text), "bar": .string(value.map { TextBars.bar($0, max: top) } ?? ""),
                    ]
                })
            if let employment = wages.employment { content["employment"] = .string(TextBars.count(employment)) }
            if !wages.topCoded.isEmpty { content["top_coded"] = "BLS publishes wages at the top as \"$239,200 or more\"." }
            sources.append("BLS OEWS May 2024 national estimates (\(mapping.occupation.wageCode ?? ""))")
        }
        let title = role.split(separator: " ").filter { !OccupationCatalog.seniorityWords.contains($0.lowercased()) }.joined(separator: " ")
        let location = arguments.location.map { countries.code(for: $0) ?? $0 }
        let stats = try await jobs.marketStats(title: title.isEmpty ? role : title, location: location, sample: Self.sample)
        if stats.total > 0 {
            let most = Double(stats.topSkills.first?.count ?? 1)
            var index: [String: JSONValue] = [
                "postings": .string(TextBars.count(stats.total)), "sampled": .number(Double(stats.sampled)),
                "remote_share": .string("\(Int((stats.remoteShare * 100).rounded()))%"),
                "skills": .array(
                    stats.topSkills.prefix(8).map { skill in
                        [
                            "name": .string(taxonomy.canonical(skill.name)),
                            "share": .string("\(Int((Double(skill.count) / Double(max(1, stats.sampled)) * 100).rounded()))%"),
                            "bar": .string(TextBars.bar(Double(skill.count), max: most, width: 16)),
                        ]
                    }),
                "locations": .string(stats.topLocations.map { "\($0.name) (\($0.count))" }.joined(separator: ", ")),
                "companies": .string(stats.topCompanies.map { "\($0.name) (\($0.count))" }.joined(separator: ", ")),
            ]
            if let quartiles = stats.salaryQuartiles {
                index["salary_range"] = .string(
                    "\(TextBars.money(quartiles.low))–\(TextBars.money(quartiles.high)), median \(TextBars.money(quartiles.median)) (\(stats.withSalary) postings with a salary)"
                )
            }
            content["index"] = .object(index)
            sources.append(
                "local job index (\(stats.sampled == stats.total ? "all" : "newest \(stats.sampled) of") \(TextBars.count(stats.total)) matching postings)"
            )
        } else {
            let scope = arguments.location.map { " in \($0)" } ?? ""
            content["index_empty"] = .string(
                "No indexed postings match \(title)\(scope) yet; refresh or import postings for demand figures.")
        }
        content["sources"] = .array(sources.map(JSONValue.string))
        return ToolOutput(content: .object(content))
    }
}
