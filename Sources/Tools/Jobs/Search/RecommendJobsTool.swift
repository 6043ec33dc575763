import Assistant
import Foundation
import Storage

/// Ranks postings against the user's profile and explains each score.
public struct RecommendJobsTool: Tool {
    let jobs: any JobStore
    let profiles: any ProfileStore
    let matcher: JobMatcher
    /// The latest resume's skills count as the user's skills too.
    let resumes: (any ResumeStore)?

    public init(jobs: any JobStore, profiles: any ProfileStore, matcher: JobMatcher, resumes: (any ResumeStore)? = nil) {
        self.jobs = jobs
        self.profiles = profiles
        self.matcher = matcher
        self.resumes = resumes
    }

    public let name = "recommend_jobs"
    public let description = "Ranks postings against the user's profile and explains each match."
    public var parameters: JSONValue {
        Schema.object([
            "location": Schema.string("Only this city or country."),
            "remote": Schema.boolean("Remote only."),
            "limit": Schema.integer("How many (default 5).", minimum: 1, maximum: 20),
        ])
    }

    struct Arguments: Decodable {
        var location: String?
        var remote: Bool?
        var seniority: String?
        var limit: Int?
    }

    public func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        var profile = try await profiles.profile(userID: context.userID)
        if let resume = try await resumes?.latest(userID: context.userID) {
            for skill in ResumeFacts(text: resume.text, taxonomy: matcher.taxonomy).skills
            where !profile.skills.contains(where: { matcher.taxonomy.same($0, skill) }) {
                profile.skills.append(skill)
            }
        }
        // The role someone holds now is the first thing to match on when they named no target.
        if profile.targetRoles.isEmpty, let headline = profile.headline { profile.targetRoles = [headline] }
        for certification in profile.certifications where !profile.skills.contains(where: { $0.lowercased() == certification.lowercased() }) {
            profile.skills.append(certification)
        }
        guard !profile.targetRoles.isEmpty || !profile.skills.isEmpty else {
            return ToolOutput(content: [
                "needs_profile": true,
                "hint": "Tell me your target roles or skills first, e.g. \"I'm looking for iOS developer roles\" or \"add Swift and Kotlin to my skills\".",
            ])
        }
        guard try await jobs.count() > 0 else {
            return ToolOutput(content: ["empty_index": true, "hint": "No postings are indexed yet; load a demo set with /demo or import a file."])
        }
        // Candidates: each target role, then the skills, searched separately and merged.
        var candidates: [Int64: JobPosting] = [:]
        var base = JobQuery(limit: 150)
        base.location = arguments.location
        if arguments.remote == true || (arguments.remote == nil && profile.remotePreference == .remote) { base.arrangements = [.remote] }
        for text in profile.targetRoles.prefix(5) + [profile.skills.prefix(6).joined(separator: " ")] where !text.isEmpty {
            var query = base
            query.text = text
            for hit in try await jobs.search(query) { candidates[hit.posting.id] = hit.posting }
            if text == profile.skills.prefix(6).joined(separator: " "), candidates.count < 20 {
                for skill in profile.skills.prefix(6) {
                    query.text = skill
                    query.limit = 40
                    for hit in try await jobs.search(query) { candidates[hit.posting.id] = hit.posting }
                }
            }
        }
        let limit = max(1, min(arguments.limit ?? 5, 20))
        let ranked = candidates.values.map { matcher.match($0, profile: profile) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.posting.id < $1.posting.id }
            .prefix(limit)
        let now = context.clock.now()
        let results = ranked.enumerated().map { index, match -> JSONValue in
            var fields = JobResultJSON.encode(match.posting, number: index + 1, now: now)
            fields["score"] = .number(Double(match.score))
            fields["why"] = .string(match.explanation)
            return .object(fields)
        }
        return ToolOutput(
            content: ["results": .array(results), "count": .number(Double(results.count)), "considered": .number(Double(candidates.count))],
            references: ranked.isEmpty ? nil : ranked.map { JobResultJSON.reference($0.posting) })
    }
}
