import Foundation

/// Builds a `Gazetteer` from the reference data shipped in `data/` (see data/SOURCES.md):
/// O*NET occupation and alternate titles, the O*NET technology catalog, GeoNames cities and
/// countries, plus the project's own alias files.
package enum GazetteerLoader {
    package enum LoadError: Error, CustomStringConvertible {
        case missingFile(String)

        package var description: String {
            switch self {
            case .missingFile(let path): return "reference data file \(path) is missing; reinstall or pass --resources"
            }
        }
    }

    /// Cities smaller than this are left out: they collide with ordinary words far more often than
    /// anyone searches jobs in them.
    package static let minimumCityPopulation = 50_000
    package static let minimumPopulationForAlternateNames = 500_000

    package static func load(dataDirectory: URL) throws -> Gazetteer {
        var titles: [String: String] = [:]
        try forEachRow(dataDirectory, "onet_occupations.tsv") { fields in
            if fields.count > 1 { addTitle(fields[1], to: &titles) }
        }
        try forEachRow(dataDirectory, "onet_alternate_titles.tsv") { fields in
            if fields.count > 1 { addTitle(fields[1], to: &titles) }
            if fields.count > 2, !fields[2].isEmpty, !ambiguousShortTitles.contains(fields[2].lowercased()) {
                addTitle(fields[2], to: &titles)
            }
        }
        try forEachRow(dataDirectory, "job_title_aliases.tsv") { fields in
            if fields.count > 1 { titles[Gazetteer.key(fields[0])] = fields[1] }
        }
        for word in ambiguousTitleWords { titles.removeValue(forKey: word) }

        var skills: [String: String] = [:]
        try forEachRow(dataDirectory, "onet_technology_catalog.tsv") { fields in
            guard let name = fields.first, !name.isEmpty, name.count <= 40 else { return }
            let key = Gazetteer.key(name)
            if skills[key] == nil { skills[key] = String(name) }
        }
        try forEachRow(dataDirectory, "skill_aliases.tsv") { fields in
            if fields.count > 1 { skills[Gazetteer.key(fields[0])] = fields[1] }
        }

        var tools: [String: String] = [:]
        try forEachRow(dataDirectory, "onet_tools_used.tsv") { fields in
            guard fields.count > 1, fields[1].count <= 40, !fields[1].contains(",") else { return }
            let key = Gazetteer.key(fields[1])
            guard !key.isEmpty, !ambiguousToolWords.contains(key) else { return }
            if tools[key] == nil { tools[key] = fields[1] }
            let singular = singularize(key)
            if tools[singular] == nil, singular != key { tools[singular] = String(fields[1].dropLast()) }
        }
        var certifications: [String: String] = [:]
        try forEachRow(dataDirectory, "certifications.tsv") { fields in
            guard fields.count > 1, !fields[0].isEmpty else { return }
            let aliases = fields[1].split(separator: "|").map(String.init)
            // People write the acronym ("CPA", "ACLS"); it is also what a profile shows.
            let shown = aliases.first.flatMap { $0 == $0.uppercased() && $0.count <= 8 ? $0 : nil } ?? fields[0]
            for phrase in [fields[0]] + aliases { certifications[Gazetteer.key(phrase)] = shown }
        }
        var languages: [String: String] = [:]
        try forEachRow(dataDirectory, "languages.tsv") { fields in
            guard let name = fields.first, !name.isEmpty else { return }
            languages[Gazetteer.key(name)] = name
            if fields.count > 1 {
                for alias in fields[1].split(separator: "|") { languages[Gazetteer.key(alias)] = name }
            }
        }

        var places: [String: Gazetteer.Place] = [:]
        func addPlace(_ phrase: String, _ place: Gazetteer.Place) {
            let key = Gazetteer.key(phrase)
            guard !key.isEmpty, !commonWords.contains(key) else { return }
            if let existing = places[key], existing.isCountry || existing.population >= place.population { return }
            places[key] = place
        }
        try forEachRow(dataDirectory, "geonames_cities.tsv") { fields in
            guard fields.count > 7, let population = Int(fields[5]), population >= minimumCityPopulation else { return }
            let place = Gazetteer.Place(
                name: fields[1], countryCode: fields[3], population: population, isCountry: false)
            addPlace(fields[1], place)
            addPlace(fields[2], place)
            // Alternate names of smaller places are noisy (GeoNames lists "Google" for Topeka), and short
            // upper-case ones are mostly airport codes ("BER"); only big cities' exonyms are kept.
            guard population >= minimumPopulationForAlternateNames else { return }
            for alias in fields[7].split(separator: "|") {
                let alias = alias.trimmingCharacters(in: .whitespaces)
                if alias.count > 3, alias.unicodeScalars.allSatisfy(\.isASCII) { addPlace(alias, place) }
            }
        }
        try forEachRow(dataDirectory, "geonames_countries.tsv") { fields in
            guard fields.count > 5 else { return }
            let place = Gazetteer.Place(
                name: fields[2], countryCode: fields[0], population: Int(fields[5]) ?? 0, isCountry: true)
            places[Gazetteer.key(fields[2])] = place
            if fields.count > 6 {
                for alias in fields[6].split(separator: "|") {
                    let alias = alias.trimmingCharacters(in: .whitespaces)
                    if alias.count > 1 { places[Gazetteer.key(alias)] = place }
                }
            }
        }
        // States and provinces, unless a city or country already has the name ("Georgia", "Washington").
        if FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("regions.tsv").path) {
            try forEachRow(dataDirectory, "regions.tsv") { fields in
                guard fields.count > 2 else { return }
                let place = Gazetteer.Place(name: fields[0], countryCode: fields[2], population: 0, isCountry: false)
                let aliases = fields.count > 3 ? fields[3].split(separator: "|").map(String.init) : []
                for name in [fields[0]] + aliases where places[Gazetteer.key(name)] == nil {
                    places[Gazetteer.key(name)] = place
                }
            }
        }
        try forEachRow(dataDirectory, "location_aliases.tsv") { fields in
            guard fields.count > 2 else { return }
            let isCountry = fields.count > 3 && fields[3] == "country"
            places[Gazetteer.key(fields[0])] = Gazetteer.Place(
                name: fields[1], countryCode: fields[2], population: Int.max, isCountry: isCountry)
        }
        return Gazetteer(
            titles: titles, places: places, skills: skills, tools: tools, certifications: certifications,
            languages: languages)
    }

    /// Adds a title and its singular/plural twin, without the parenthesised expansions O*NET adds.
    private static func addTitle(_ raw: String, to titles: inout [String: String]) {
        var title = raw
        if let paren = title.firstIndex(of: "(") { title = String(title[..<paren]) }
        if let comma = title.range(of: ", All Other") { title = String(title[..<comma.lowerBound]) }
        title = title.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 60, !title.contains(",") else { return }
        let key = Gazetteer.key(title)
        guard !key.isEmpty else { return }
        let singular = singularize(key)
        let canonical = singular == key ? title : String(title.dropLast())
        if titles[singular] == nil { titles[singular] = canonical }
        if titles[key] == nil { titles[key] = canonical }
        let plural = singular + "s"
        if titles[plural] == nil { titles[plural] = canonical }
    }

    package static func singularize(_ key: String) -> String {
        guard key.hasSuffix("s"), !key.hasSuffix("ss"), key.count > 3 else { return key }
        return String(key.dropLast())
    }

    /// Single words O*NET lists as titles that in a request almost never name a role.
    static let ambiguousTitleWords: Set<String> = [
        "help", "helper", "job", "jobs", "remote", "work", "worker", "lead", "principal", "senior", "junior",
        "head", "chief", "staff", "associate", "partner", "owner", "member", "agent", "resume", "interview",
        "temp", "temporary", "contract", "contractor", "freelance", "intern", "trainee", "apprentice", "new",
        "entry", "level", "full", "part", "time", "any", "all", "mid", "officer", "specialist", "professional",
        "representative", "expert", "leader", "team", "start", "practice", "mock",
    ]

    /// O*NET's short titles that are also everyday words or US state codes: "DO" (Doctor of Osteopathy) made
    /// "what do you think of my resume?" a review for the role "DO"; "PA" and "MA" are states as often as jobs.
    static let ambiguousShortTitles: Set<String> = [
        "do", "his", "app", "cat", "expo", "co", "ma", "pa", "op", "pi", "ps", "est", "ob", "eco", "po", "ra", "ip", "neo",
        "tap", "pic", "gam", "sac", "ta", "mc", "dc", "mt", "md", "ro", "eo", "dp", "pd",
    ]

    /// O*NET tool names that are ordinary words in a sentence about oneself.
    static let ambiguousToolWords: Set<String> = [
        "computer", "computers", "phone", "phones", "hand", "hands", "car", "cars", "truck", "trucks", "tape", "pen",
        "pens", "paper", "desk", "desks", "chair", "chairs", "radio", "radios", "scale", "scales", "boat", "boats",
        "file", "files", "rule", "rules", "level", "levels", "square", "squares", "table", "tables", "box", "boxes",
        "cart", "carts", "bus", "buses", "van", "vans", "tablet", "tablets",
    ]

    /// Words that are also place names somewhere; never read as places.
    static let commonWords: Set<String> = [
        "mobile", "reading", "nice", "bath", "split", "hope", "orange", "university", "industry", "enterprise",
        "commerce", "opportunity", "march", "may", "mission", "paradise", "independence", "liberty", "victoria",
        "florence", "marietta", "remote", "home", "office", "la", "of", "the", "a", "an", "and", "or", "job",
        "jobs", "work", "anywhere", "local", "central", "north", "south", "east", "west", "center", "centre",
        "york", "lincoln", "jackson", "madison", "washington", "columbia", "salem", "troy", "aurora", "normal",
        "mission viejo", "concord", "temple", "ontario", "jersey", "georgia", "chad", "jordan", "guinea",
        "turkey", "niger", "israel", "sales", "data", "tech", "media", "design", "marketing", "finance",
        "cloud", "security", "python", "java", "ruby", "rust", "go", "swift", "kotlin", "scala", "rails",
        "react", "angular", "spring", "django", "flask", "node", "linux", "oracle", "salesforce", "startup",
        "startups", "engineering", "support", "health", "care", "education", "government", "hospital",
        "manager", "developer", "engineer", "nurse", "teacher", "designer", "analyst", "accountant", "profile",
        "english", "german", "french", "spanish", "dutch", "american", "british", "ios", "android", "web",
        "senior", "junior", "lead", "staff", "principal", "intern", "contract", "hybrid", "onsite", "today",
    ]

    private static func forEachRow(_ directory: URL, _ name: String, _ body: ([String]) -> Void) throws {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LoadError.missingFile(url.path)
        }
        TSVReader.forEachRow(in: data, skipHeader: true) { fields in
            body(fields)
            return true
        }
    }
}
