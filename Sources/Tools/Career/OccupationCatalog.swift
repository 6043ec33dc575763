import Assistant
import Foundation

/// O*NET occupations with their titles and technologies, joined to BLS national wages, and a mapper
/// from the job titles people type to an occupation.
package struct OccupationCatalog: Sendable {
    package struct Occupation: Sendable, Equatable {
        package var code: String
        package var title: String
        package var description: String
        package var jobZone: Int?
        package var wageCode: String?
    }

    /// BLS OEWS May 2024 national estimates, yearly US dollars.
    package struct Wages: Sendable, Equatable {
        package var employment: Int?
        package var mean: Double?
        package var percentiles: [(label: String, value: Double?)]
        package var median: Double? { percentiles.first { $0.label == "median" }?.value }
        /// Percentiles BLS publishes only as "at least $239,200".
        package var topCoded: Set<String>

        package static func == (lhs: Wages, rhs: Wages) -> Bool {
            lhs.employment == rhs.employment && lhs.mean == rhs.mean && lhs.topCoded == rhs.topCoded
                && lhs.percentiles.map(\.label) == rhs.percentiles.map(\.label)
                && lhs.percentiles.map(\.value) == rhs.percentiles.map(\.value)
        }
    }

    package struct Technology: Sendable, Equatable {
        package var name: String
        package var hot: Bool
        package var inDemand: Bool
        package var category: String
    }

    package struct Mapping: Sendable, Equatable {
        package var occupation: Occupation
        /// The title that matched ("iOS Developer" for "senior ios developer").
        package var matchedTitle: String
        package var exact: Bool
    }

    let occupations: [String: Occupation]
    let wages: [String: Wages]
    let technologies: [String: [Technology]]
    /// Title key → occupation codes.
    let titles: [String: [String]]
    let titleNames: [String: String]
    /// Word → title keys containing it, for fuzzy matching.
    let wordIndex: [String: [String]]
    /// Core task statements per occupation, as O*NET words them ("Reconcile or note and report discrepancies …").
    var tasks: [String: [String]] = [:]
    /// Tools and equipment per occupation ("Stethoscopes", "Forklifts").
    var tools: [String: [String]] = [:]
    /// O*NET's related occupations, closest first (the "Primary" tiers only: the supplemental ones are
    /// too loose to recommend a job from).
    var relatedCodes: [String: [String]] = [:]
    /// Credentials that license one occupation ("cdl" → truck drivers), by every name and acronym.
    var credentialOccupations: [String: String] = [:]

    /// The occupation a licence or certification stands for, when it stands for one ("CPA" → Accountants and Auditors).
    package func occupation(forCredential credential: String) -> Occupation? {
        credentialOccupations[Gazetteer.key(credential)].flatMap { occupations[$0] }
    }

    /// The O*NET occupations of one SOC occupation: O*NET splits some in several ("29-1141.00" Registered Nurses,
    /// "29-1141.03" Critical Care Nurses), and a posting titled "ICU Registered Nurse" is still a registered nurse's job.
    package func familyCodes(of code: String) -> [String] {
        let prefix = code.prefix(7)
        return occupations.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Occupations O*NET lists as related to `code`, closest first.
    package func relatedOccupationCodes(of code: String, limit: Int = 10) -> [String] {
        Array((relatedCodes[code] ?? []).prefix(limit))
    }

    /// The occupation of a posting title, which often carries more than a role: "Registered Nurse - ICU
    /// (Nights)", "Accountant, Tax | Hybrid". The whole title is tried first, then the part before the
    /// first separator.
    package func mapPostingTitle(_ title: String) -> Mapping? {
        var candidates = [title]
        var cleaned = title
        while let open = cleaned.firstIndex(of: "("), let close = cleaned[open...].firstIndex(of: ")") {
            cleaned.removeSubrange(open...close)
        }
        candidates.append(cleaned)
        for separator in [" - ", " – ", " — ", " | ", ",", " / ", ":"] {
            if let range = cleaned.range(of: separator) { candidates.append(String(cleaned[..<range.lowerBound])) }
        }
        var seen = Set<String>()
        var fuzzy: Mapping?
        for candidate in candidates {
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, seen.insert(trimmed.lowercased()).inserted, let mapping = map(trimmed) else { continue }
            if mapping.exact { return mapping }
            if fuzzy == nil { fuzzy = mapping }
        }
        return fuzzy
    }

    package func tasks(for occupation: Occupation) -> [String] { tasks[occupation.code] ?? [] }
    package func tools(for occupation: Occupation) -> [String] { tools[occupation.code] ?? [] }

    package func occupation(code: String) -> Occupation? { occupations[code] }
    package func wages(for occupation: Occupation) -> Wages? { occupation.wageCode.flatMap { wages[$0] } }
    package func technologies(for occupation: Occupation) -> [Technology] { technologies[occupation.code] ?? [] }

    static let seniorityWords: Set<String> = [
        "senior", "sr", "junior", "jr", "lead", "staff", "principal", "head", "chief", "entry", "level", "mid", "associate", "intern",
    ]

    /// The occupation a typed title most likely means, or nil when nothing is close.
    package func map(_ role: String) -> Mapping? {
        if let mapping = mapByTitle(role) { return mapping }
        // Software teams say "engineer" where O*NET says "developer": "iOS Engineer" is an iOS developer.
        let words = Gazetteer.key(role).split(separator: " ").map(String.init)
        if words.contains("engineer") || words.contains("engineers") {
            let developer = words.map { $0.hasPrefix("engineer") ? "developer" : $0 }.joined(separator: " ")
            if let mapping = mapByTitle(developer), mapping.occupation.code.hasPrefix("15-") { return mapping }
        }
        return nil
    }

    private func mapByTitle(_ role: String) -> Mapping? {
        let key = Gazetteer.key(role)
        let words = key.split(separator: " ").map(String.init)
        let withoutLevel = words.filter { !Self.seniorityWords.contains($0) }.joined(separator: " ")
        for candidate in [key, GazetteerLoader.singularize(key), withoutLevel, GazetteerLoader.singularize(withoutLevel)]
        where !candidate.isEmpty {
            if let codes = titles[candidate], let best = mostEmployed(codes) {
                return Mapping(occupation: best, matchedTitle: titleNames[candidate] ?? role, exact: true)
            }
        }
        // Fuzzy: the title sharing the most words (Jaccard), at least half of them.
        let wanted = Set(withoutLevel.split(separator: " ").map { GazetteerLoader.singularize(String($0)) })
        guard !wanted.isEmpty else { return nil }
        var best: (score: Double, shared: Int, key: String)?
        for word in wanted {
            for titleKey in wordIndex[word] ?? [] {
                let have = Set(titleKey.split(separator: " ").map { GazetteerLoader.singularize(String($0)) })
                let shared = have.intersection(wanted).count
                let score = Double(shared) / Double(have.union(wanted).count)
                if score > (best?.score ?? 0) || (score == best?.score && titleKey.count < (best?.key.count ?? .max)) {
                    best = (score, shared, titleKey)
                }
            }
        }
        // One shared word out of two is a coincidence ("flibbertigibbet wrangler"); two shared words are not.
        guard let best, best.score >= 0.6 || (best.score >= 0.5 && best.shared >= 2),
            let codes = titles[best.key], let occupation = mostEmployed(codes)
        else { return nil }
        return Mapping(occupation: occupation, matchedTitle: titleNames[best.key] ?? best.key, exact: false)
    }

    private func mostEmployed(_ codes: [String]) -> Occupation? {
        codes.compactMap { occupations[$0] }.max {
            ($0.wageCode.flatMap { wages[$0]?.employment } ?? 0) < ($1.wageCode.flatMap { wages[$0]?.employment } ?? 0)
        }
    }

    /// Occupations whose technologies overlap most with `target`'s: stepping stones and neighbours.
    package func related(to target: Occupation, limit: Int = 3, excluding excluded: Set<String> = []) -> [Occupation] {
        // Hot technologies only (the broad office tools every occupation lists say nothing), and the same
        // SOC major group first: a data scientist's stepping stones are analysts and engineers, not teachers.
        let targetNames = Set(technologies(for: target).filter(\.hot).map(\.name))
        guard !targetNames.isEmpty else { return [] }
        let group = target.code.prefix(2)
        var scored: [(occupation: Occupation, score: Double)] = []
        for other in occupations.values where other.code != target.code && !excluded.contains(other.code) && wages(for: other) != nil {
            let names = Set(technologies(for: other).filter(\.hot).map(\.name))
            let shared = Double(names.intersection(targetNames).count)
            let union = Double(max(1, names.union(targetNames).count))
            let sameGroup = other.code.prefix(2) == group ? 1.0 : 0.0
            if shared > 0 { scored.append((other, sameGroup + shared / union)) }
        }
        scored.sort { first, second in
            first.score != second.score ? first.score > second.score : first.occupation.code < second.occupation.code
        }
        return scored.prefix(limit).map(\.occupation)
    }

    package static func load(dataDirectory: URL) throws -> OccupationCatalog {
        func rows(_ name: String, _ body: ([String]) -> Void) throws {
            let url = dataDirectory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw GazetteerLoader.LoadError.missingFile(url.path) }
            TSVReader.forEachRow(in: data, skipHeader: true) { fields in
                body(fields)
                return true
            }
        }
        var occupations: [String: Occupation] = [:]
        try rows("onet_occupations.tsv") { fields in
            guard fields.count > 4 else { return }
            occupations[fields[0]] = Occupation(
                code: fields[0], title: fields[1], description: fields[2], jobZone: Int(fields[3]),
                wageCode: fields[4].isEmpty ? nil : fields[4])
        }
        var wages: [String: Wages] = [:]
        try rows("bls_oews_national.tsv") { fields in
            guard fields.count > 13 else { return }
            let labels = ["10th", "25th", "median", "75th", "90th"]
            let values = [fields[5], fields[6], fields[4], fields[7], fields[8]].map(Double.init)
            let coded = Set(
                fields[13].split(separator: ",").map {
                    ["a_pct10": "10th", "a_pct25": "25th", "a_median": "median", "a_pct75": "75th", "a_pct90": "90th"][String($0)] ?? ""
                })
            wages[fields[0]] = Wages(
                employment: Int(fields[2]), mean: Double(fields[3]), percentiles: Array(zip(labels, values)).map { ($0.0, $0.1) },
                topCoded: coded.subtracting([""]))
        }
        var technologies: [String: [Technology]] = [:]
        try rows("onet_technology_skills.tsv") { fields in
            guard fields.count > 5 else { return }
            technologies[fields[0], default: []].append(
                Technology(name: fields[1], hot: fields[4] == "Y", inDemand: fields[5] == "Y", category: fields[3]))
        }
        var titles: [String: [String]] = [:]
        var names: [String: String] = [:]
        func add(_ title: String, _ code: String) {
            var clean = title
            if let paren = clean.firstIndex(of: "(") { clean = String(clean[..<paren]) }
            clean = clean.trimmingCharacters(in: .whitespaces)
            guard !clean.isEmpty, clean.count <= 80 else { return }
            for key in Set([Gazetteer.key(clean), GazetteerLoader.singularize(Gazetteer.key(clean))]) where !key.isEmpty {
                if !(titles[key]?.contains(code) ?? false) { titles[key, default: []].append(code) }
                if names[key] == nil { names[key] = clean }
            }
        }
        for occupation in occupations.values { add(occupation.title, occupation.code) }
        try rows("onet_alternate_titles.tsv") { fields in
            guard fields.count > 1 else { return }
            add(fields[1], fields[0])
            if fields.count > 2, !fields[2].isEmpty { add(fields[2], fields[0]) }
        }
        var wordIndex: [String: [String]] = [:]
        for key in titles.keys {
            for word in Set(key.split(separator: " ").map { GazetteerLoader.singularize(String($0)) }) where word.count > 2 {
                wordIndex[word, default: []].append(key)
            }
        }
        var catalog = OccupationCatalog(
            occupations: occupations, wages: wages, technologies: technologies, titles: titles, titleNames: names,
            wordIndex: wordIndex)
        try rows("onet_tasks.tsv") { fields in
            guard fields.count > 3, fields[2] == "Core" else { return }
            catalog.tasks[fields[0], default: []].append(fields[3])
        }
        try rows("onet_tools_used.tsv") { fields in
            guard fields.count > 1 else { return }
            if !(catalog.tools[fields[0]]?.contains(fields[1]) ?? false) { catalog.tools[fields[0], default: []].append(fields[1]) }
        }
        if FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("certifications.tsv").path) {
            try rows("certifications.tsv") { fields in
                guard fields.count > 5, !fields[5].isEmpty else { return }
                for name in [fields[0]] + fields[1].split(separator: "|").map(String.init) {
                    catalog.credentialOccupations[Gazetteer.key(name)] = fields[5]
                }
            }
        }
        // Optional: older data folders do not have it, and everything but recommendations works without.
        if FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("onet_related_occupations.tsv").path) {
            var ranked: [String: [(rank: Int, code: String)]] = [:]
            try rows("onet_related_occupations.tsv") { fields in
                guard fields.count > 3, fields[2].hasPrefix("Primary"), let rank = Int(fields[3]) else { return }
                ranked[fields[0], default: []].append((rank, fields[1]))
            }
            catalog.relatedCodes = ranked.mapValues { $0.sorted { $0.rank < $1.rank }.map(\.code) }
        }
        return catalog
    }
}

/// Loads the catalog on first use and keeps it, so tools that never run cost nothing at start-up.
package actor OccupationCatalogLoader {
    private let dataDirectory: URL
    private var loading: Task<OccupationCatalog, Error>?

    package init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    package func catalog() async throws -> OccupationCatalog {
        if let loading { return try await loading.value }
        let directory = dataDirectory
        let task = Task { try await BlockingWork.run { try OccupationCatalog.load(dataDirectory: directory) } }
        loading = task
        return try await task.value
    }
}
