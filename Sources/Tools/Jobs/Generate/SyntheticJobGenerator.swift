import Assistant
import Foundation
import Storage

/// A deterministic, realistic corpus for demos, tests and benchmarks, shaped like a real index of one
/// country: occupations drawn in proportion to their BLS employment (there are far more nurses and
/// truck drivers than astronomers), places in proportion to population, a remote share like today's
/// boards, and salaries drawn between the BLS 10th and 90th percentiles of the occupation. Titles are
/// real O*NET titles, tasks and technologies are the occupation's own; company names are invented.
/// Same seed, same corpus.
package struct SyntheticJobGenerator: Sendable {
    struct Occupation: Sendable {
        var code: String
        var titles: [String]
        var skills: [String]
        var tasks: [String]
        /// BLS 10th, 25th, median, 75th and 90th percentile yearly wages.
        var wagePercentiles: [Double]
        /// Hourly-paid occupations (BLS publishes only hourly figures, or the median is low) post hourly rates.
        var paidHourly: Bool
        /// Shares of postings that are fully remote and hybrid: a nurse or an electrician works on site.
        var remoteShare: Double
        var hybridShare: Double
    }

    /// Remote and hybrid shares by SOC major group (the first two digits of the code), in the spirit of
    /// Dingel and Neiman's "How many jobs can be done at home?" (2020): computer, business and media work
    /// can be remote; care, trades, transport, food and production work cannot.
    static let remoteShares: [String: (remote: Double, hybrid: Double)] = [
        "11": (0.15, 0.25), "13": (0.2, 0.3), "15": (0.3, 0.35), "17": (0.05, 0.2), "19": (0.05, 0.15),
        "21": (0.05, 0.1), "23": (0.1, 0.25), "25": (0.03, 0.05), "27": (0.2, 0.25), "29": (0.02, 0.03),
        "41": (0.08, 0.12), "43": (0.08, 0.15),
    ]

    struct City: Sendable {
        var name: String
        var region: String
        var population: Double
    }

    let occupations: [Occupation]
    /// Running totals of employment, for drawing occupations in proportion to it.
    let occupationWeights: [Double]
    let country: String
    let cities: [City]
    let cityWeights: [Double]

    package enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        package var description: String {
            switch self {
            case .missing(let what): return "the reference data has no \(what); is data/ complete?"
            }
        }
    }

    /// - Parameter country: ISO 3166 alpha-2 code of the country whose cities the postings are in.
    package static func load(dataDirectory: URL, country: String = "US") throws -> SyntheticJobGenerator {
        func rows(_ name: String) throws -> [[Substring]] {
            let text = try String(contentsOf: dataDirectory.appendingPathComponent(name), encoding: .utf8)
            return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        }
        var wages: [String: (employment: Double, percentiles: [Double], hourlyOnly: Bool)] = [:]
        for fields in try rows("bls_oews_national.tsv") where fields.count > 12 {
            let percentiles = [fields[5], fields[6], fields[4], fields[7], fields[8]].compactMap { Double($0) }
            guard let employment = Double(fields[2]), percentiles.count == 5 else { continue }
            wages[String(fields[0])] = (employment, percentiles, fields[12] == "Y")
        }
        var mainTitle: [String: String] = [:]
        var wageCode: [String: String] = [:]
        for fields in try rows("onet_occupations.tsv") where fields.count > 4 {
            mainTitle[String(fields[0])] = String(fields[1])
            wageCode[String(fields[0])] = String(fields[4])
        }
        var alternates: [String: [String]] = [:]
        for fields in try rows("onet_alternate_titles.tsv") where fields.count > 1 {
            let title = fields[1].split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !title.isEmpty, title.count <= 40, !title.contains(","), title.split(separator: " ").count <= 3 {
                alternates[String(fields[0]), default: []].append(title)
            }
        }
        // What a posting asks for: the occupation's hot technologies, then its equipment (trades and care work
        // name tools, not software: a forklift is a driver's skill), never what every job lists.
        var skills: [String: [String]] = [:]
        for fields in try rows("onet_technology_skills.tsv") where fields.count > 4 && fields[4] == "Y" {
            if !GenericWorkTools.isGeneric(String(fields[1])) { skills[String(fields[0]), default: []].append(String(fields[1])) }
        }
        for fields in try rows("onet_tools_used.tsv") where fields.count > 1 {
            let code = String(fields[0])
            if (skills[code]?.count ?? 0) < 10, !GenericWorkTools.isGeneric(String(fields[1])) {
                skills[code, default: []].append(String(fields[1]))
            }
        }
        var tasks: [String: [String]] = [:]
        for fields in try rows("onet_tasks.tsv") where fields.count > 3 {
            tasks[String(fields[0]), default: []].append(String(fields[3]))
        }
        let sharing = Dictionary(grouping: wageCode.keys, by: { wageCode[$0] ?? "" }).mapValues(\.count)
        var occupations: [Occupation] = []
        var weights: [Double] = []
        var running = 0.0
        for (code, title) in mainTitle.sorted(by: { $0.key < $1.key }) {
            guard let wageKey = wageCode[code], let wage = wages[wageKey], let taskList = tasks[code], !taskList.isEmpty,
                case let names = commonTitles(mainTitle: title, alternates: alternates[code] ?? []), !names.isEmpty
            else { continue }
            occupations.append(
                Occupation(
                    code: code, titles: names, skills: skills[code] ?? [], tasks: taskList, wagePercentiles: wage.percentiles,
                    paidHourly: wage.hourlyOnly || wage.percentiles[2] < 50_000,
                    remoteShare: remoteShares[String(code.prefix(2))]?.remote ?? 0,
                    hybridShare: remoteShares[String(code.prefix(2))]?.hybrid ?? 0))
            // O*NET splits some BLS occupations in several (four kinds of nurse share one wage line).
            running += wage.employment / Double(sharing[wageKey] ?? 1)
            weights.append(running)
        }
        var cities: [City] = []
        let code = country.uppercased()
        for fields in try rows("geonames_cities.tsv") where fields.count > 5 && fields[3] == code {
            if let population = Double(fields[5]), population >= 50_000 {
                cities.append(City(name: String(fields[1]), region: String(fields[4]), population: population))
            }
        }
        guard !occupations.isEmpty else { throw LoadError.missing("occupations with wages and tasks") }
        guard !cities.isEmpty else { throw LoadError.missing("cities of 50,000 people or more in country \(code)") }
        cities.sort { $0.population != $1.population ? $0.population > $1.population : $0.name < $1.name }
        var total = 0.0
        let cityWeights = cities.map { city -> Double in
            total += city.population
            return total
        }
        return SyntheticJobGenerator(
            occupations: occupations, occupationWeights: weights, country: code, cities: cities, cityWeights: cityWeights)
    }

    /// Titles people post under: the occupation's short alternate titles that share its head word
    /// ("Charge Nurse" for Registered Nurses), else any short alternate, else the title itself.
    static func commonTitles(mainTitle: String, alternates: [String]) -> [String] {
        let heads = Set(
            mainTitle.lowercased().split { !$0.isLetter }.map { GazetteerLoader.singularize(String($0)) }
                .filter { $0.count > 3 && !["and", "except", "other", "all"].contains($0) })
        let sharing = alternates.filter { title in
            title.lowercased().split { !$0.isLetter }.contains { heads.contains(GazetteerLoader.singularize(String($0))) }
        }
        if !sharing.isEmpty { return sharing }
        return alternates.isEmpty ? [mainTitle] : alternates
    }

    /// Calls `body` with batches of postings until `count` have been made.
    package func generate(
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

    /// Seniority levels with their share of postings and the wage percentiles they are paid between.
    static let levels: [(name: String?, share: Double, percentiles: ClosedRange<Double>)] = [
        ("junior", 0.18, 0.0...0.4), (nil, 0.52, 0.2...0.75), ("senior", 0.22, 0.5...0.95), ("lead", 0.08, 0.7...1.0),
    ]

    func posting(number: Int, random: inout SplitMix64, now: Date) -> JobPosting {
        let occupation = occupations[Self.pick(occupationWeights, &random)]
        var title = occupation.titles[random.next(below: occupation.titles.count)]
        var roll = random.nextDouble()
        let level =
            Self.levels.first { level in
                roll -= level.share
                return roll < 0
            } ?? Self.levels[1]
        if let name = level.name, !title.lowercased().contains(name) { title = name.capitalized + " " + title }
        let company =
            Self.companyPrefixes[random.next(below: Self.companyPrefixes.count)] + " "
            + Self.companySuffixes[random.next(below: Self.companySuffixes.count)]
        let city = cities[Self.pick(cityWeights, &random)]
        let arrangementRoll = random.nextDouble()
        let arrangement: JobPosting.WorkArrangement =
            arrangementRoll < occupation.remoteShare
            ? .remote : arrangementRoll < occupation.remoteShare + occupation.hybridShare ? .hybrid : .onsite
        let location = arrangement == .remote ? "Remote (\(country))" : "\(city.name), \(city.region), \(country)"
        var picked: [String] = []
        for _ in 0..<min(occupation.skills.count, 3 + random.next(below: 4)) {
            let skill = occupation.skills[random.next(below: occupation.skills.count)]
            if !picked.contains(skill) { picked.append(skill) }
        }
        // BLS wages are US figures: postings elsewhere state no salary rather than a made-up one.
        let hasSalary = country == "US" && random.nextDouble() < 0.7
        let span = level.percentiles
        let low = percentileWage(
            occupation.wagePercentiles, at: span.lowerBound + (span.upperBound - span.lowerBound) * random.nextDouble())
        let hourly = occupation.paidHourly && random.nextDouble() < 0.7
        let salaryMin = hourly ? (low / 2080 * 2).rounded() / 2 : (low / 1000).rounded() * 1000
        let salaryMax = hourly ? (salaryMin * 1.15 * 2).rounded() / 2 : (salaryMin * 1.2 / 1000).rounded() * 1000
        let place = arrangement == .remote ? "to work remotely" : "in \(city.name)"
        let article = title.first.map { "AEIOUaeiou".contains($0) } == true ? "an" : "a"
        var lines: [String] = ["\(company) is hiring \(article) \(title) \(place)."]
        lines.append("What you will do:")
        for _ in 0..<min(occupation.tasks.count, 3) { lines.append("- " + occupation.tasks[random.next(below: occupation.tasks.count)]) }
        if !picked.isEmpty { lines.append("What you bring: experience with \(picked.joined(separator: ", ")).") }
        if arrangement == .hybrid { lines.append("Hybrid: two days a week in our \(city.name) office.") }
        return JobPosting(
            source: "generated", sourceID: "gen-\(number)", url: "https://jobs.example.com/\(number)", title: title,
            company: company, location: location, country: country, arrangement: arrangement, seniority: level.name,
            employmentType: random.nextDouble() < 0.9 ? "fulltime" : "contract", salaryMin: hasSalary ? salaryMin : nil,
            salaryMax: hasSalary ? salaryMax : nil, salaryCurrency: hasSalary ? "USD" : nil,
            salaryPeriod: hasSalary ? (hourly ? .hour : .year) : nil,
            postedAt: now.addingTimeInterval(-Double(random.next(below: 60 * 24)) * 3600),
            description: lines.joined(separator: "\n"), skills: picked, occupationCode: occupation.code)
    }

    /// The wage at a fraction between the 10th (0) and 90th (1) percentile, linear between the published points.
    func percentileWage(_ percentiles: [Double], at fraction: Double) -> Double {
        let points: [Double] = [0, 0.1875, 0.5, 0.8125, 1]  // 10th, 25th, 50th, 75th, 90th on that scale
        let position = min(max(fraction, 0), 1)
        for index in 1..<points.count where position <= points[index] {
            let share = (position - points[index - 1]) / (points[index] - points[index - 1])
            return percentiles[index - 1] + (percentiles[index] - percentiles[index - 1]) * share
        }
        return percentiles[percentiles.count - 1]
    }

    /// An index drawn in proportion to the steps between running totals.
    private static func pick(_ runningTotals: [Double], _ random: inout SplitMix64) -> Int {
        let target = random.nextDouble() * (runningTotals.last ?? 1)
        var low = 0
        var high = runningTotals.count - 1
        while low < high {
            let middle = (low + high) / 2
            if runningTotals[middle] <= target { low = middle + 1 } else { high = middle }
        }
        return low
    }

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
