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
public struct CountryNames: Sendable {
    private let codes: [String: String]

    public init(codes: [String: String] = [:]) {
        self.codes = codes
    }

    public static func load(dataDirectory: URL) -> CountryNames {
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
        return CountryNames(codes: codes)
    }

    public func code(for name: String) -> String? {
        codes[name.trimmingCharacters(in: .whitespaces).lowercased()]
    }
}
