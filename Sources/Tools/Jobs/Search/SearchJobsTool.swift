import Assistant
import Foundation
import Storage

/// Searches the local index. Results are numbered and become the conversation's references.
package struct SearchJobsTool: Tool {
    let jobs: any JobStore
    let countries: CountryNames
    /// For "near me": the places in the person's profile.
    let profiles: (any ProfileStore)?
    let sourceRuns: (any SourceRunStore)?
    /// Starts a background refresh from the job boards for a query; nil when live boards are off.
    let liveRefresh: (@Sendable (SourceQuery) -> Void)?
    let plan: SearchPlan

    package init(
        jobs: any JobStore, countries: CountryNames, profiles: (any ProfileStore)? = nil, sourceRuns: (any SourceRunStore)? = nil,
        liveRefresh: (@Sendable (SourceQuery) -> Void)? = nil, synonyms: SearchSynonyms = SearchSynonyms(groups: []),
        occupations: OccupationCatalogLoader? = nil
    ) {
        self.jobs = jobs
        self.countries = countries
        self.profiles = profiles
        self.sourceRuns = sourceRuns
        self.liveRefresh = liveRefresh
        plan = SearchPlan(jobs: jobs, synonyms: synonyms, occupations: occupations)
    }

    package let name = "search_jobs"
    package let description = "Searches job postings in the local index. Results are numbered so the user can refer to them later."

    package var parameters: JSONValue {
        Schema.object([
            "query": Schema.string("Role or keywords, e.g. \"Python Developer\"."),
            "location": Schema.string("City or country, e.g. \"Berlin\" or \"Germany\"."),
            "near_me": Schema.boolean("true to search around the places in the user's profile (\"near me\")."),
            "remote": Schema.boolean("true for remote only, false for on-site only."),
            "hybrid": Schema.boolean("true for hybrid roles."),
            "seniority": Schema.string(
                "Seniority level.", oneOf: ["intern", "junior", "mid", "senior", "staff", "principal", "lead", "director", "executive"]),
            "salary_min": Schema.integer("Minimum salary.", minimum: 0),
            "salary_currency": Schema.string("ISO currency code of salary_min."),
            "salary_period": Schema.string("Pay period of salary_min.", oneOf: ["year", "month", "week", "day", "hour"]),
            "company": Schema.string("Only this company."),
            "exclude_companies": Schema.strings("Companies to leave out."),
            "posted_within_days": Schema.integer("Only postings newer than this many days.", minimum: 1),
            "limit": Schema.integer("How many results (default 10).", minimum: 1, maximum: 50),
        ])
    }

    struct Arguments: Decodable {
        var query: String?
        var location: String?
        var nearMe: Bool?
        var remote: Bool?
        var hybrid: Bool?
        var seniority: String?
        var salaryMin: Double?
        var salaryCurrency: String?
        var salaryPeriod: String?
        var company: String?
        var excludeCompanies: [String]?
        var postedWithinDays: Int?
        var limit: Int?

        enum CodingKeys: String, CodingKey {
            case query, location, remote, hybrid, seniority, company, limit
            case nearMe = "near_me"
            case salaryMin = "salary_min", salaryCurrency = "salary_currency", salaryPeriod = "salary_period"
            case excludeCompanies = "exclude_companies", postedWithinDays = "posted_within_days"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        var arguments = try decodeArguments(Arguments.self, from: arguments)
        var notes: [String] = []
        if arguments.location == nil, arguments.nearMe == true {
            if let home = try await profiles?.profile(userID: context.userID).locations.first {
                arguments.location = home
            } else {
                notes.append("I don't know where you are yet; say where you live (\"I'm in Tulsa\") and I'll search near you.")
            }
        }
        if let minimum = arguments.salaryMin, minimum < 0 || minimum > 100_000_000 {
            throw ToolError.invalidArguments(tool: name, reason: "salary_min must be between 0 and 100,000,000")
        }
        if let days = arguments.postedWithinDays, days < 1 || days > 3650 {
            throw ToolError.invalidArguments(tool: name, reason: "posted_within_days must be between 1 and 3650")
        }
        let live = SourceQuery(text: arguments.query, location: arguments.location)
        liveRefresh?(live)
        let indexed = try await jobs.count()
        guard indexed > 0 else {
            return ToolOutput(content: [
                "empty_index": true,
                "hint":
                    "No postings are indexed yet. In the terminal, type /demo for 2,000 demo postings or run jobhunter jobs import FILE; on a shared server, its administrator loads them with jobhunter jobs generate or jobs import.",
            ])
        }
        let now = context.clock.now()
        var query = JobQuery(limit: max(1, min(arguments.limit ?? 10, 50)))
        query.text = arguments.query.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        countries.setPlace(arguments.location, in: &query)
        switch (arguments.remote, arguments.hybrid) {
        case (true, _): query.arrangements = [.remote]
        case (false, true): query.arrangements = [.hybrid]
        case (false, _): query.arrangements = [.onsite, .hybrid]
        case (nil, true): query.arrangements = [.hybrid]
        default: break
        }
        query.seniority = arguments.seniority?.lowercased()
        if let minimum = arguments.salaryMin {
            // Postings are compared by their yearly pay: an hourly or monthly minimum is converted first.
            let period = arguments.salaryPeriod.flatMap(JobPosting.SalaryPeriod.init(rawValue:)) ?? .year
            query.salaryMin = minimum * period.yearlyFactor
        }
        if let days = arguments.postedWithinDays { query.postedAfter = now.addingTimeInterval(-Double(days) * 86_400) }
        if let company = arguments.company, !company.isEmpty { query.companies = [company] }
        query.excludedCompanies = arguments.excludeCompanies ?? []

        let outcome = try await plan.run(query)
        let hits = outcome.hits
        let results = hits.enumerated().map { JSONValue.object(JobResultJSON.encode($0.element.posting, number: $0.offset + 1, now: now)) }
        // Each board's last outcome, so a blocked or empty board is visible instead of silently missing.
        let boards: [JSONValue] = ((try? await sourceRuns?.latest()) ?? []).map { run in
            ["name": .string(run.source), "status": .string(run.status.rawValue), "summary": .string(run.summary)]
        }
        return ToolOutput(
            content: [
                "results": .array(results), "count": .number(Double(hits.count)),
                "index_size": .number(Double(indexed)), "searched_for": .string(describe(query, arguments)),
                "sources": .array(boards), "notes": .array((notes + outcome.notes).map(JSONValue.string)),
                "live": .string(
                    liveRefresh == nil
                        ? "off: searched the local index only (start chat with --live-jobs, or run jobhunter jobs refresh)"
                        : "refreshing from the job boards in the background; ask again in a minute for new postings"),
            ],
            references: hits.isEmpty ? nil : hits.map { JobResultJSON.reference($0.posting) })
    }

    private func describe(_ query: JobQuery, _ arguments: Arguments) -> String {
        var parts: [String] = [query.text ?? "all jobs"]
        if let location = arguments.location { parts.append("in \(location)") }
        if arguments.remote == true { parts.append("remote") }
        if arguments.hybrid == true { parts.append("hybrid") }
        if let seniority = query.seniority { parts.append(seniority) }
        if let minimum = arguments.salaryMin {
            let period = arguments.salaryPeriod.flatMap(JobPosting.SalaryPeriod.init(rawValue:)) ?? .year
            parts.append("paying at least \(Int(minimum))\(period == .year ? "" : "/\(period.rawValue)")")
        }
        if let company = arguments.company { parts.append("at \(company)") }
        if let days = arguments.postedWithinDays { parts.append("posted in the last \(days) days") }
        return parts.joined(separator: ", ")
    }
}
