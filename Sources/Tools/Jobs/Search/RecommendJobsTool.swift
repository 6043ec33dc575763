import Assistant
import Foundation
import Storage

/// Ranks postings for the person: candidates come from their occupations and O*NET's related ones, then
/// from their places and skills; `JobMatcher` scores each and says why.
package struct RecommendJobsTool: Tool {
    let jobs: any JobStore
    let profiles: any ProfileStore
    let matcher: JobMatcher
    /// The latest resume's titles and skills count as the person's too.
    let resumes: (any ResumeStore)?
    let occupations: OccupationCatalogLoader?
    /// Turns "Texas" into the ", TX" job boards write.
    let places: CountryNames

    package init(
        jobs: any JobStore, profiles: any ProfileStore, matcher: JobMatcher, resumes: (any ResumeStore)? = nil,
        occupations: OccupationCatalogLoader? = nil, places: CountryNames = CountryNames()
    ) {
        self.jobs = jobs
        self.profiles = profiles
        self.matcher = matcher
        self.resumes = resumes
        self.occupations = occupations
        self.places = places
    }

    package let name = "recommend_jobs"
    package let description =
        "Ranks postings against the user's profile and resume (occupation, skills, place, salary, seniority) and explains each match."
    package var parameters: JSONValue {
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

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let profile = try await profiles.profile(userID: context.userID)
        let resume = try await resumes?.latest(userID: context.userID)
        let catalog = try? await occupations?.catalog()
        var seeker = JobSeeker(profile: profile, resumeText: resume?.text, taxonomy: matcher.taxonomy, occupations: catalog)
        if arguments.remote == true { seeker.remoteOnly = true }
        if let location = arguments.location { seeker.locations = [location] }
        if seeker.locations.isEmpty, !seeker.remoteOnly, let text = resume?.text, let city = ResumeLocation.city(in: text, places: places) {
            seeker.locations = [city]
        }
        seeker.places = seeker.locations.map(places.placeFilter(for:))
        guard seeker.knowsWork else {
            return ToolOutput(content: [
                "needs_profile": true,
                "hint":
                    "Tell me what you do or want to do, e.g. \"I'm a nurse looking for ICU roles in Chicago\", or load your resume with /resume FILE, and I'll find postings that fit.",
            ])
        }
        guard try await jobs.count() > 0 else {
            return ToolOutput(content: [
                "empty_index": true,
                "hint":
                    "No postings are indexed yet. In the terminal, type /demo for 2,000 demo postings or run jobhunter jobs import FILE; on a shared server, its administrator loads them with jobhunter jobs generate or jobs import.",
            ])
        }
        let candidates = try await candidates(for: seeker, location: arguments.location)
        let limit = max(1, min(arguments.limit ?? 5, 20))
        let now = context.clock.now()
        let ranked = candidates.values.map { matcher.match($0, seeker: seeker, now: now) }
            .sorted(by: JobMatcher.Match.ranksBefore).prefix(limit)
        let results = ranked.enumerated().map { index, match -> JSONValue in
            var fields = JobResultJSON.encode(match.posting, number: index + 1, now: now)
            fields["score"] = .number(Double(match.score))
            fields["why"] = .string(match.explanation)
            return .object(fields)
        }
        var content: [String: JSONValue] = [
            "results": .array(results), "count": .number(Double(results.count)), "considered": .number(Double(candidates.count)),
        ]
        if !seeker.occupations.isEmpty {
            content["matched_as"] = .string(seeker.occupations.map(\.title).joined(separator: ", "))
        } else if !seeker.roles.isEmpty {
            content["note"] = .string(
                "I could not place \(seeker.roles.prefix(2).joined(separator: " or ")) in an occupation, so I matched on the words of the title and your skills."
            )
        }
        return ToolOutput(content: .object(content), references: ranked.isEmpty ? nil : ranked.map { JobResultJSON.reference($0.posting) })
    }

    /// Postings worth scoring: the newest of the person's occupations, of related ones, in their places,
    /// then postings whose words match a role (for postings imported before occupations were mapped),
    /// then skills when little was found.
    private func candidates(for seeker: JobSeeker, location: String?) async throws -> [Int64: JobPosting] {
        var candidates: [Int64: JobPosting] = [:]
        var base = JobQuery(limit: 150)
        places.setPlace(location, in: &base)
        if seeker.remoteOnly { base.arrangements = [.remote] }
        func add(_ query: JobQuery) async throws {
            for hit in try await jobs.search(query) { candidates[hit.posting.id] = hit.posting }
        }
        // One query per occupation code: each is an ordered walk of the (occupation, date) index, where a list of
        // codes would make the database sort every posting of all of them.
        func byOccupation(_ codes: [String], limit: Int, location: String? = nil) async throws {
            for code in codes {
                var query = base
                query.occupationCodes = [code]
                query.limit = limit
                if let location { places.setPlace(location, in: &query) }
                try await add(query)
            }
        }
        if !seeker.occupations.isEmpty {
            let own = Array(seeker.family.keys).sorted()
            try await byOccupation(own, limit: max(40, 150 / own.count))
            if location == nil, !seeker.remoteOnly {
                for place in seeker.locations.prefix(3) { try await byOccupation(own, limit: 30, location: place) }
            }
            let related = seeker.related.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }.prefix(10).map(\.key)
            try await byOccupation(related, limit: 12)
        }
        // Words of the roles find postings that were never mapped to an occupation; when the occupations already
        // gave plenty, they would only repeat them at the cost of one search each.
        let ownFound = candidates.count
        for role in seeker.roles.prefix(5) where seeker.occupations.isEmpty || ownFound < 60 {
            var query = base
            query.text = role
            query.limit = 60
            try await add(query)
        }
        if candidates.count < 20 {
            for skill in seeker.skills.prefix(6) {
                var query = base
                query.text = skill
                query.limit = 40
                try await add(query)
            }
        }
        return candidates
    }
}
