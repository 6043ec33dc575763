import Foundation

/// A job posting, normalised from whatever source it came from.
package struct JobPosting: Sendable, Equatable, Codable {
    package enum WorkArrangement: String, Sendable, Codable, CaseIterable {
        case remote, hybrid, onsite, unknown
    }

    package enum SalaryPeriod: String, Sendable, Codable {
        case year, month, week, day, hour

        /// Periods in a working year: 2,080 hours, 260 days, 52 weeks, 12 months.
        package var yearlyFactor: Double {
            switch self {
            case .year: return 1
            case .month: return 12
            case .week: return 52
            case .day: return 260
            case .hour: return 2080
            }
        }
    }

    /// Assigned by the index; 0 before the posting is stored.
    package var id: Int64
    package var source: String
    package var sourceID: String?
    package var url: String?
    package var title: String
    package var company: String
    package var location: String
    /// ISO 3166 alpha-2 when known.
    package var country: String?
    package var arrangement: WorkArrangement
    package var seniority: String?
    package var employmentType: String?
    package var salaryMin: Double?
    package var salaryMax: Double?
    package var salaryCurrency: String?
    package var salaryPeriod: SalaryPeriod?
    package var postedAt: Date?
    package var description: String
    package var skills: [String]
    /// The O*NET-SOC occupation the title maps to ("29-1141.00" for "ICU Nurse"), set at import.
    package var occupationCode: String?
    /// Every board this job was seen on, first first; filled by the index when read, ignored when written.
    package var sources: [String] = []
    /// Each board's link to this job; filled by the index when read (`url` is what is written).
    package var links: [String: String] = [:]

    /// `{source: url}` for this posting as written, for the index's `links` column.
    package var linksJSON: String {
        guard let url else { return "{}" }
        let data =
            (try? JSONSerialization.data(withJSONObject: [source: url], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    package init(
        id: Int64 = 0, source: String, sourceID: String? = nil, url: String? = nil, title: String, company: String,
        location: String, country: String? = nil, arrangement: WorkArrangement = .unknown, seniority: String? = nil,
        employmentType: String? = nil, salaryMin: Double? = nil, salaryMax: Double? = nil, salaryCurrency: String? = nil,
        salaryPeriod: SalaryPeriod? = nil, postedAt: Date? = nil, description: String = "", skills: [String] = [],
        occupationCode: String? = nil
    ) {
        self.id = id
        self.source = source
        self.sourceID = sourceID
        self.url = url
        self.title = title
        self.company = company
        self.location = location
        self.country = country
        self.arrangement = arrangement
        self.seniority = seniority
        self.employmentType = employmentType
        self.salaryMin = salaryMin
        self.salaryMax = salaryMax
        self.salaryCurrency = salaryCurrency
        self.salaryPeriod = salaryPeriod
        self.postedAt = postedAt
        self.description = description
        self.skills = skills
        self.occupationCode = occupationCode
    }

    /// The same job seen on several boards has the same company, title and place, once spelling is set aside:
    /// "Acme Inc." is "ACME", "Sr. iOS Engineer" is "Senior iOS Engineer". Places are made comparable before
    /// they get here (see PlaceNormalizer), so only punctuation and case are dropped from them.
    package var dedupKey: String {
        [Self.companyKey(company), Self.titleKey(title), Self.placeKey(location)].joined(separator: "|")
    }

    static func placeKey(_ location: String) -> String { words(location).joined() }

    static let legalSuffixes: Set<String> = [
        "inc", "incorporated", "llc", "llp", "ltd", "limited", "gmbh", "corp", "corporation", "co", "company", "plc", "ag",
        "sa", "sas", "sarl", "bv", "nv", "srl", "spa", "pty", "kg", "ab", "oy", "as",
    ]

    static func companyKey(_ company: String) -> String {
        var words = Self.words(company.replacingOccurrences(of: "&", with: " and "))
        while words.count > 1, let last = words.last, legalSuffixes.contains(last) { words.removeLast() }
        return words.joined()
    }

    static let titleAbbreviations = ["sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "ii": "2", "iii": "3", "iv": "4"]

    static func titleKey(_ title: String) -> String { titleWords(title).joined() }

    static func titleWords(_ title: String) -> [String] { words(title).map { titleAbbreviations[$0] ?? $0 } }

    private static func words(_ text: String) -> [String] {
        SearchWords.indexTokens([text.lowercased()])
    }

    /// The yearly salary range, for comparing postings paid by the hour, week or month.
    package var annualSalaryRange: (min: Double?, max: Double?) {
        let factor = (salaryPeriod ?? .year).yearlyFactor
        return (salaryMin.map { $0 * factor }, salaryMax.map { $0 * factor })
    }
}

/// What to look for. Every field is optional; an empty query lists the newest postings.
package struct JobQuery: Sendable, Equatable {
    package var text: String?
    package var location: String?
    package var arrangements: Set<JobPosting.WorkArrangement>?
    package var seniority: String?
    /// Yearly minimum; postings whose range reaches it match, postings without a salary do too
    /// unless `requireSalary` is set.
    package var salaryMin: Double?
    package var requireSalary: Bool
    package var postedAfter: Date?
    package var companies: [String]
    package var excludedCompanies: [String]
    /// Other ways a posting's place can say `location`: ", TX" for Texas ("Houston, TX"). Matched like it.
    package var locationAlternatives: [String] = []
    /// Only postings mapped to one of these O*NET-SOC occupations, when not empty.
    package var occupationCodes: [String] = []
    package var limit: Int

    package init(
        text: String? = nil, location: String? = nil, arrangements: Set<JobPosting.WorkArrangement>? = nil,
        seniority: String? = nil, salaryMin: Double? = nil, requireSalary: Bool = false, postedAfter: Date? = nil,
        companies: [String] = [], excludedCompanies: [String] = [], limit: Int = 10
    ) {
        self.text = text
        self.location = location
        self.arrangements = arrangements
        self.seniority = seniority
        self.salaryMin = salaryMin
        self.requireSalary = requireSalary
        self.postedAfter = postedAfter
        self.companies = companies
        self.excludedCompanies = excludedCompanies
        self.limit = limit
    }
}

/// A search hit: the posting and how the text matched.
package struct JobHit: Sendable, Equatable {
    package var posting: JobPosting
    /// For a match outside the title, its text score (lower is better; 0 when every match fitted in the answer
    /// and none needed ranking). Nil for a match in the title and when the query had no text.
    package var rank: Double?

    package init(posting: JobPosting, rank: Double?) {
        self.posting = posting
        self.rank = rank
    }
}

/// The result of writing postings: new, updated (seen again, maybe from another source), rejected.
package struct IndexWriteReport: Sendable, Equatable {
    package var inserted = 0
    package var updated = 0
    package init(inserted: Int = 0, updated: Int = 0) {
        self.inserted = inserted
        self.updated = updated
    }
}

/// What the index says about the postings for a role.
package struct MarketStats: Sendable, Equatable {
    package struct Count: Sendable, Equatable {
        package var name: String
        package var count: Int

        package init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// All postings whose title matches.
    package var total: Int
    /// How many of the newest matches the figures below are computed from.
    package var sampled: Int
    package var topSkills: [Count]
    package var topLocations: [Count]
    package var topCompanies: [Count]
    /// Yearly salary quartiles of the sampled postings that state a salary (low end of their range).
    package var salaryQuartiles: (low: Double, median: Double, high: Double)?
    package var withSalary: Int
    package var remoteShare: Double

    package init(
        total: Int, sampled: Int, topSkills: [Count], topLocations: [Count], topCompanies: [Count],
        salaryQuartiles: (low: Double, median: Double, high: Double)?, withSalary: Int, remoteShare: Double
    ) {
        self.total = total
        self.sampled = sampled
        self.topSkills = topSkills
        self.topLocations = topLocations
        self.topCompanies = topCompanies
        self.salaryQuartiles = salaryQuartiles
        self.withSalary = withSalary
        self.remoteShare = remoteShare
    }

    package static func == (lhs: MarketStats, rhs: MarketStats) -> Bool {
        lhs.total == rhs.total && lhs.sampled == rhs.sampled && lhs.topSkills == rhs.topSkills
            && lhs.topLocations == rhs.topLocations && lhs.topCompanies == rhs.topCompanies
            && lhs.salaryQuartiles?.median == rhs.salaryQuartiles?.median && lhs.remoteShare == rhs.remoteShare
    }
}

package protocol JobStore: Sendable {
    /// Inserts new postings and refreshes ones already indexed (same dedup key).
    func upsert(_ postings: [JobPosting]) async throws -> IndexWriteReport
    /// Fast path for large loads (generated corpora, big imports): `produce` hands batches to `insert`;
    /// the text index is rebuilt once at the end. All of it is one transaction: a crash leaves no half load.
    /// Postings already indexed (same dedup key) are left as they are.
    func bulkLoad(
        _ produce: @escaping @Sendable (_ insert: ([JobPosting]) throws -> Void) throws -> Void
    ) async throws -> IndexWriteReport
    func search(_ query: JobQuery) async throws -> [JobHit]
    func posting(id: Int64) async throws -> JobPosting?
    func count() async throws -> Int
    /// Posting counts and demand figures for titles matching `title`, optionally in one place.
    func marketStats(title: String, location: String?, sample: Int) async throws -> MarketStats
    /// Up to `limit` postings with no occupation yet and an id above `id`, lowest id first (for `jobs reclassify`).
    func postingsWithoutOccupation(after id: Int64, limit: Int) async throws -> [JobPosting]
    /// Sets the occupation of each posting id given.
    func setOccupations(_ codes: [Int64: String]) async throws
}
