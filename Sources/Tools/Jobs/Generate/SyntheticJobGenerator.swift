import Foundation
import Storage

/// A deterministic, realistic corpus for demos, tests and benchmarks: real O*NET titles, tasks and
/// technologies, BLS wage ranges, GeoNames cities; invented company names. Same seed, same corpus.
public struct SyntheticJobGenerator: Sendable {
    struct Occupation: Sendable {
        var titles: [String]
        var skills: [String]
        var tasks: [String]
        var wage25: Double
        var wage75: Double
        var isTechnical: Bool
    }

    struct City: Sendable {
        var name: String
        var country: String
        var population: Double
    }

    let occupations: [Occupation]
    let technical: [Int]
    let cities: [City]
    let cityWeights: [Double]

    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        public var description: String {
            switch self {
            case .missing(let what): return "the reference data has no \(what); is data/ complete?"
            }
        }
    }

    public static func load(dataDirectory: URL) throws -> SyntheticJobGenerator {
        func rows(_ name: String) throws -> [[Substring]] {
            let text = try String(contentsOf: dataDirectory.appendingPathComponent(name), encoding: .utf8)
            return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        }
        var wages: [String: (Double, Double)] = [:]
        for fields in try rows("bls_oews_national.tsv") where fields.count > 7 {
            if let low = Double(fields[5]), let high = Double(fields[7]) { wages[String(fields[0])] = (low, high) }
        }
        var titles: [String: [String]] = [:]
        var occupationTitle: [String: String] = [:]
        var wageCode: [String: String] = [:]
        for fields in try rows("onet_occupations.tsv") where fields.count > 4 {
            occupationTitle[String(fields[0])] = String(fields[1])
            wageCode[String(fields[0])] = String(fields[4])
        }
        for fields in try rows("onet_alternate_titles.tsv") where fields.count > 1 {
            let title = fields[1].split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !title.isEmpty, title.count <= 40, !title.contains(","), title.split(separator: " ").count <= 4 {
                titles[String(fields[0]), default: []].append(title)
            }
        }
        var skills: [String: [String]] = [:]
        for fields in try rows("onet_technology_skills.tsv") where fields.count > 4 && fields[4] == "Y" {
            skills[String(fields[0]), default: []].append(String(fields[1]))
        }
        var tasks: [String: [String]] = [:]
        for fields in try rows("onet_tasks.tsv") where fields.count > 3 {
            tasks[String(fields[0]), default: []].append(String(fields[3]))
        }
        var occupations: [Occupation] = []
        for (code, title) in occupationTitle.sorted(by: { $0.key < $1.key }) {
            guard let wage = wageCode[code].flatMap({ wages[$0] }), let taskList = tasks[code], !taskList.isEmpty else { continue }
            let skillList = skills[code] ?? []
            let names = (titles[code] ?? []).isEmpty ? [title] : titles[code] ?? [title]
            occupations.append(Occupation(
                titles: names, skills: skillList, tasks: taskList, wage25: wage.0, wage75: max(wage.1, wage.0),
                isTechnical: skillList.count >= 8))
        }
        var cities: [City] = []
        for fields in try rows("geonames_cities.tsv") where fields.count > 5 {
            if let population = Double(fields[5]), population >= 750_000 {
                cities.append(City(name: String(fields[1]), country: String(fields[3]), population: population))
            }
        }
        guard !occupations.isEmpty else { throw LoadError.missing("occupations with wages and tasks") }
        guard !cities.isEmpty else { throw LoadError.missing("cities") }
        cities.sort { $0.population > $1.population }
        var running = 0.0
        let weights = cities.map { city -> Double in
            running += city.population.squareRoot()
            return running
        }
        return SyntheticJobGenerator(
            occupations: occupations, technical: occupations.indices.filter { occupations[$0].isTechnical },
            cities: cities, cityWeights: weights)
    }

    /// Calls `body` with batches of postings until `count` have been made.
    public func generate(
        count: Int, seed: UInt64, now: Date, batchSize: Int = 10_000, _ body: ([JobPosting]) throws -> Void
    ) rethrows {
        var random = SplitMix64(seed: seed)
        var batch: [JobPosting] = []
        batch.reserveCapacity(min(batchSize, count))
        for index in 0..<count {
            batch.append(posting(number: index, random: &random, now: now))
            if batch.count == batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    func posting(number: Int, random: inout SplitMix64, now: Date) -> JobPosting {
        // Half the corpus comes from technical occupations: the people who use this tool most.
        let occupation = random.nextDouble() < 0.5 && !technical.isEmpty
            ? occupations[technical[random.next(below: technical.count)]]
            : occupations[random.next(below: occupations.count)]
        var title = occupation.titles[random.next(below: occupation.titles.count)]
        let levels: [(String?, Double)] = [("junior", 0.8), (nil, 1.0), ("senior", 1.25), ("lead", 1.4), ("staff", 1.5)]
        let level = levels[random.next(below: levels.count)]
        if let name = level.0, !title.lowercased().contains(name) { title = name.capitalized + " " + title }
        let company = Self.companyPrefixes[random.next(below: Self.companyPrefixes.count)] + " "
            + Self.companySuffixes[random.next(below: Self.companySuffixes.count)]
        let city = pickCity(&random)
        let roll = random.nextDouble()
        let arrangement: JobPosting.WorkArrangement = roll < 0.25 ? .remote : roll < 0.45 ? .hybrid : .onsite
        let location = arrangement == .remote ? "Remote (\(city.country))" : city.name
        var picked: [String] = []
        for _ in 0..<min(occupation.skills.count, 3 + random.next(below: 5)) {
            let skill = occupation.skills[random.next(below: occupation.skills.count)]
            if !picked.contains(skill) { picked.append(skill) }
        }
        let hasSalary = random.nextDouble() < 0.7
        let base = occupation.wage25 + (occupation.wage75 - occupation.wage25) * random.nextDouble()
        let low = (base * level.1 / 1000).rounded() * 1000
        let currency = city.country == "US" ? "USD" : Self.euro.contains(city.country) ? "EUR" : city.country == "GB" ? "GBP" : "USD"
        var lines: [String] = ["\(company) is hiring a \(title) \(arrangement == .remote ? "to work remotely" : "in \(city.name)")."]
        lines.append("What you will do:")
        for _ in 0..<min(occupation.tasks.count, 3) { lines.append("- " + occupation.tasks[random.next(below: occupation.tasks.count)]) }
        if !picked.isEmpty { lines.append("What you bring: experience with \(picked.joined(separator: ", ")).") }
        if arrangement == .hybrid { lines.append("Hybrid: two days a week in our \(city.name) office.") }
        return JobPosting(
            source: "generated", sourceID: "gen-\(number)", url: "https://jobs.example.com/\(number)", title: title,
            company: company, location: location, country: city.country, arrangement: arrangement, seniority: level.0,
            employmentType: random.nextDouble() < 0.9 ? "fulltime" : "contract", salaryMin: hasSalary ? low : nil,
            salaryMax: hasSalary ? low * 1.2 : nil, salaryCurrency: hasSalary ? currency : nil,
            salaryPeriod: hasSalary ? .year : nil,
            postedAt: now.addingTimeInterval(-Double(random.next(below: 60 * 24)) * 3600),
            description: lines.joined(separator: "\n"), skills: picked)
    }

    private func pickCity(_ random: inout SplitMix64) -> City {
        let target = random.nextDouble() * (cityWeights.last ?? 1)
        var low = 0
        var high = cityWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cityWeights[middle] < target { low = middle + 1 } else { high = middle }
        }
        return cities[low]
    }

    static let euro: Set<String> = ["DE", "FR", "ES", "IT", "NL", "BE", "AT", "IE", "PT", "FI", "GR"]
    static let companyPrefixes = [
        "Northwind", "Bluefin", "Acorn", "Silverline", "Brightpath", "Cobalt", "Evergreen", "Harbor", "Ironwood",
        "Juniper", "Keystone", "Lumen", "Meridian", "Nimbus", "Orchid", "Pioneer", "Quartz", "Redwood", "Summit",
        "Tidewater", "Umber", "Vantage", "Willow", "Zenith", "Aurora", "Beacon", "Cascade", "Driftwood", "Ember",
    ]
    static let companySuffixes = [
        "Labs", "Health", "Systems", "Logistics", "Analytics", "Software", "Robotics", "Foods", "Energy", "Bank",
        "Media", "Retail", "Consulting", "Biotech", "Networks", "Studios", "Insurance", "Mobility", "Education",
    ]
}

/// A small, fast, seedable generator (Vigna's SplitMix64): the same seed gives the same corpus everywhere.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }

    mutating func nextDouble() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
