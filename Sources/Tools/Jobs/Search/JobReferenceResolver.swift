import Assistant
import Foundation
import Storage

/// Turns a user's "the second one" / "that job" (job_ref) into a posting from the last results.
struct JobReferenceResolver {
    let jobs: any JobStore

    func posting(_ reference: JobReference?, context: ToolContext, tool: String) async throws -> JobPosting? {
        guard let reference else { return nil }
        guard !context.state.lastResults.isEmpty else {
            throw ToolError.failed("There are no numbered results to refer to yet; search for jobs first.")
        }
        guard let result = context.state.resolve(reference: reference), result.kind == "job",
            let id = Int64(result.id)
        else {
            throw ToolError.invalidArguments(
                tool: tool, reason: "job_ref does not match one of the \(context.state.lastResults.count) results shown")
        }
        guard let posting = try await jobs.posting(id: id) else {
            throw ToolError.failed("That posting is no longer in the index.")
        }
        return posting
    }
}

/// Country names and aliases (GeoNames) to ISO codes, so "jobs in Germany" matches postings in Berlin.
package struct CountryNames: Sendable {
    private let codes: [String: String]
    /// State and province names → the abbreviation addresses use ("texas" → "TX").
    private var regions: [String: String] = [:]
    /// Country code → the abbreviations of its states or provinces.
    private var regionCodes: [String: Set<String>] = [:]

    package init(codes: [String: String] = [:]) {
        self.codes = codes
    }

    /// The place a person names, as the job indexes match it: a country by its ISO code ("Germany" → "DE"), a
    /// state or province by its name or its abbreviation ("Texas" or "TX").
    package func placeFilter(for name: String) -> PlaceFilter? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return PlaceFilter(location: code(for: trimmed) ?? trimmed, alternatives: locationAlternatives(for: trimmed))
    }

    /// Sets `query`'s place to `name` as `placeFilter(for:)` reads it; nil clears it.
    package func setPlace(_ name: String?, in query: inout JobQuery) {
        let trimmed = name?.trimmingCharacters(in: .whitespaces) ?? ""
        query.location = trimmed.isEmpty ? nil : code(for: trimmed) ?? trimmed
        query.locationAlternatives = trimmed.isEmpty ? [] : locationAlternatives(for: trimmed)
    }

    /// The other ways an index's place strings say `name`: [", TX"] for Texas ("Houston, TX"), [] for a city.
    package func locationAlternatives(for name: String) -> [String] {
        regionCode(for: name).map { [", " + $0] } ?? []
    }

    /// Whether `text` is an ISO 3166 alpha-2 code of a known country ("DE"), not a name.
    package func isCountryCode(_ text: String) -> Bool {
        text.count == 2 && codes.values.contains(text.uppercased())
    }

    /// The state or province `text` names or abbreviates in `country`, as its abbreviation ("Massachusetts" → "MA").
    package func region(_ text: String, in country: String) -> String? {
        let upper = text.uppercased()
        if regionCodes[country]?.contains(upper) == true { return upper }
        guard let code = regions[text.lowercased()], regionCodes[country]?.contains(code) == true else { return nil }
        return code
    }

    /// The abbreviation of a state or province, when `name` is one.
    package func regionCode(for name: String) -> String? {
        regions[name.trimmingCharacters(in: .whitespaces).lowercased()]
    }

    package static func load(dataDirectory: URL) -> CountryNames {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("geonames_countries.tsv"), encoding: .utf8)
        else { return CountryNames() }
        var codes: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count > 2 else { continue }
            let code = String(fields[0])
            codes[fields[2].lowercased()] = code
            if fields.count > 6 {
                for alias in fields[6].split(separator: "|") { codes[alias.trimmingCharacters(in: .whitespaces).lowercased()] = code }
            }
        }
        for (alias, code) in ["usa": "US", "us": "US", "uk": "GB", "england": "GB"] { codes[alias] = code }
        var names = CountryNames(codes: codes)
        if let regions = try? String(contentsOf: dataDirectory.appendingPathComponent("regions.tsv"), encoding: .utf8) {
            for line in regions.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count > 2 else { continue }
                for name in [fields[0]] + (fields.count > 3 ? fields[3].split(separator: "|").map(String.init) : []) {
                    names.regions[name.lowercased()] = fields[1]
                }
                names.regionCodes[fields[2], default: []].insert(fields[1])
            }
        }
        return names
    }

    package func code(for name: String) -> String? {
        codes[name.trimmingCharacters(in: .whitespaces).lowercased()]
    }
}
