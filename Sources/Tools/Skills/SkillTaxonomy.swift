import Assistant
import Foundation

/// The skills JobHunter recognises in postings, profiles and resumes: every O*NET technology, our
/// certification list (data/certifications.tsv) and our aliases (data/skill_aliases.tsv), so "k8s",
/// "Kubernetes" and "kubernetes" are one skill.
package struct SkillTaxonomy: Sendable {
    /// Phrase key (see `Gazetteer.key`) → canonical name, and the longest phrase in words.
    struct Table: Sendable {
        var names: [String: String]
        var longestPhrase: Int
    }

    /// Built on first use: reading ~9,000 catalog names takes ~70 ms, which the first prompt should not wait for.
    private let table: LazyValue<Table>
    private var names: [String: String] { table.value.names }
    private var longestPhrase: Int { table.value.longestPhrase }

    /// Words that are skills only when written with a capital ("Go", "React", "Swift"), never at the
    /// start of a sentence; in lower case they are ordinary English.
    static let needsCapital: Set<String> = [
        "go", "r", "c", "swift", "chef", "puppet", "slack", "zoom", "react", "spark", "bootstrap", "excel",
        "word", "access", "teams", "outlook", "express", "rust", "ruby", "scala", "julia", "dart", "flask", "spring",
    ]

    /// Vendor words that users usually leave out ("Kafka" for "Apache Kafka").
    /// Vendors whose products people name without them: "QuickBooks" is O*NET's "Intuit QuickBooks", "AutoCAD"
    /// its "Autodesk AutoCAD". (Not Cisco: its "IOS" would become Apple's.)
    static let vendorPrefixes: Set<String> = [
        "oracle", "apache", "microsoft", "apple", "google", "amazon", "ibm", "adobe", "intuit", "sap", "autodesk", "atlassian",
    ]
    /// What a vendor's name is followed by that is no product on its own ("SAP software").
    static let genericProductWords: Set<String> = ["software", "systems", "server", "cloud", "platform"]

    package init(names: [String: String]) {
        let table = Self.table(names)
        self.table = LazyValue { table }
    }

    private static func table(_ names: [String: String]) -> Table {
        Table(names: names, longestPhrase: min(6, names.keys.map { $0.split(separator: " ").count }.max() ?? 1))
    }

    /// Checks the files are there now (so a broken install fails at start) and reads them on first use.
    package static func load(dataDirectory: URL) throws -> SkillTaxonomy {
        for name in ["onet_technology_catalog.tsv", "skill_aliases.tsv"] {
            let path = dataDirectory.appendingPathComponent(name).path
            guard FileManager.default.isReadableFile(atPath: path) else { throw GazetteerLoader.LoadError.missingFile(path) }
        }
        let taxonomy = SkillTaxonomy(lazy: LazyValue { Self.table((try? readNames(dataDirectory)) ?? [:]) })
        // Warm it up while the user types, so the first turn does not pay either.
        // On a thread of its own, not the cooperative pool (see BlockingWork).
        Task.detached(priority: .utility) { await BlockingWork.run { _ = taxonomy.longestPhrase } }
        return taxonomy
    }

    private init(lazy table: LazyValue<Table>) {
        self.table = table
    }

    private static func readNames(_ dataDirectory: URL) throws -> [String: String] {
        var names: [String: String] = [:]
        let catalog = try String(contentsOf: dataDirectory.appendingPathComponent("onet_technology_catalog.tsv"), encoding: .utf8)
        for line in catalog.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            // Every technology, not only the hot ones: a nurse's Epic or a trucker's ELD software count too.
            guard fields.count > 3, !fields[0].isEmpty, fields[0].count <= 40 else { continue }
            let name = String(fields[0])
            if fields[3] != "Y", names[Gazetteer.key(name)] != nil { continue }
            let key = Gazetteer.key(name)
            names[key] = name
            let words = key.split(separator: " ")
            if words.count > 1, let first = words.first, vendorPrefixes.contains(String(first)) {
                let short = words.dropFirst().joined(separator: " ")
                if names[short] == nil, !genericProductWords.contains(short) { names[short] = name }
            }
        }
        // Certifications and licences, by name and acronym ("ACLS", "CPA", "CDL").
        if let certifications = try? String(contentsOf: dataDirectory.appendingPathComponent("certifications.tsv"), encoding: .utf8) {
            for line in certifications.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count > 1, !fields[0].isEmpty else { continue }
                let aliases = fields[1].split(separator: "|").map(String.init)
                let shown = aliases.first.flatMap { $0 == $0.uppercased() && $0.count <= 8 ? $0 : nil } ?? fields[0]
                for phrase in [fields[0]] + aliases { names[Gazetteer.key(phrase)] = shown }
            }
        }
        let aliases = try String(contentsOf: dataDirectory.appendingPathComponent("skill_aliases.tsv"), encoding: .utf8)
        for line in aliases.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { continue }
            let canonical = String(fields[1])
            names[Gazetteer.key(String(fields[0]))] = canonical
            names[Gazetteer.key(canonical)] = canonical
        }
        return names
    }

    /// The canonical spelling of a skill the taxonomy knows; otherwise the input, trimmed.
    package func canonical(_ skill: String) -> String {
        names[Gazetteer.key(skill)] ?? skill.trimmingCharacters(in: .whitespaces)
    }

    /// True when two skill names denote the same skill ("Postgres" and "PostgreSQL").
    package func same(_ first: String, _ second: String) -> Bool {
        canonical(first).lowercased() == canonical(second).lowercased()
    }

    /// Known skills mentioned in a text, canonical, in order of first mention.
    package func extract(from text: String, limit: Int = 25) -> [String] {
        let tokens = Tokenizer.tokenize(text)
        var found: [String] = []
        var seen: Set<String> = []
        var index = 0
        while index < tokens.count, found.count < limit {
            var best: (length: Int, name: String)?
            var key = ""
            for length in 1...min(longestPhrase, tokens.count - index) {
                let token = tokens[index + length - 1]
                guard token.isWord else { break }
                key += (length == 1 ? "" : " ") + token.text
                guard let name = names[key] else { continue }
                if length == 1, Self.needsCapital.contains(key) {
                    let original = token.original
                    let startsSentence = index == 0 || [".", "!", "?", "\n"].contains(where: { tokens[index - 1].original.hasSuffix($0) })
                    guard original.first?.isUppercase == true, !startsSentence || original != original.capitalized else { continue }
                }
                best = (length, name)
            }
            if let best, seen.insert(best.name.lowercased()).inserted { found.append(best.name) }
            index += best?.length ?? 1
        }
        return found
    }
}
