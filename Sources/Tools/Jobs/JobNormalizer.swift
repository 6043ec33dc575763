import Foundation
import Storage

/// Fills in what sources leave out: seniority from the title, remote/hybrid from flags and text,
/// skills from the description, plain text from HTML.
package struct JobNormalizer: Sendable {
    package let taxonomy: SkillTaxonomy
    /// Maps each posting's title to an O*NET occupation, so recommendations can find postings by occupation.
    package let occupations: OccupationCatalog?
    /// Writes every place one way, so duplicates across boards share a key.
    package let places: PlaceNormalizer?

    package init(taxonomy: SkillTaxonomy, occupations: OccupationCatalog? = nil, places: PlaceNormalizer? = nil) {
        self.taxonomy = taxonomy
        self.occupations = occupations
        self.places = places
    }

    /// Everything an import needs from `data/`: skills, occupations and places.
    package static func load(dataDirectory: URL) throws -> JobNormalizer {
        JobNormalizer(
            taxonomy: try SkillTaxonomy.load(dataDirectory: dataDirectory),
            occupations: try OccupationCatalog.load(dataDirectory: dataDirectory),
            places: PlaceNormalizer(countries: CountryNames.load(dataDirectory: dataDirectory)))
    }

    package func normalize(_ posting: JobPosting) -> JobPosting {
        var posting = posting
        posting.title = Self.collapse(posting.title)
        posting.company = Self.collapse(posting.company)
        posting.location = Self.collapse(posting.location)
        if let places {
            (posting.location, posting.country) = places.normalize(posting.location, country: posting.country)
        }
        if posting.description.contains("<") { posting.description = HTMLText.plain(posting.description) }
        if posting.seniority == nil { posting.seniority = Self.seniority(fromTitle: posting.title) }
        if posting.arrangement == .unknown {
            posting.arrangement = Self.arrangement(location: posting.location, text: posting.title + " " + posting.description)
        }
        if posting.occupationCode == nil, let occupations {
            posting.occupationCode = occupations.mapPostingTitle(posting.title)?.occupation.code
        }
        posting.skills =
            posting.skills.isEmpty
            ? taxonomy.extract(from: posting.title + "\n" + posting.description)
            : posting.skills.map(taxonomy.canonical)
        return posting
    }

    package static func seniority(fromTitle title: String) -> String? {
        let words = Set(title.lowercased().split { !$0.isLetter }.map(String.init))
        let ranked: [(Set<String>, String)] = [
            (["intern", "internship", "trainee", "apprentice"], "intern"),
            (["director", "vp", "vice", "chief"], "director"),
            (["principal"], "principal"),
            (["staff"], "staff"),
            (["lead", "head"], "lead"),
            (["senior", "sr", "snr"], "senior"),
            (["junior", "jr", "entry", "graduate", "associate"], "junior"),
            (["mid", "intermediate"], "mid"),
        ]
        return ranked.first { !$0.0.isDisjoint(with: words) }?.1
    }

    package static func arrangement(location: String, text: String) -> JobPosting.WorkArrangement {
        let place = location.lowercased()
        if place.contains("remote") || place.contains("anywhere") || place.contains("worldwide") { return .remote }
        let lower = text.lowercased()
        if lower.contains("hybrid") { return .hybrid }
        if lower.contains("fully remote") || lower.contains("100% remote") || lower.contains("remote-first")
            || lower.contains("work from home")
        {
            return .remote
        }
        if lower.contains("on-site") || lower.contains("onsite") || lower.contains("in-office") { return .onsite }
        return .unknown
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Plain text from the HTML that job boards put in descriptions.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var text = ""
        text.reserveCapacity(html.count)
        var inTag = false
        var tag = ""
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/ ")).split(separator: " ").first ?? ""
                    if ["p", "br", "li", "div", "h1", "h2", "h3", "h4", "ul", "ol", "tr"].contains(String(name)) { text += "\n" }
                    if name == "li" { text += "- " }
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
                tag = ""
            } else {
                text.append(character)
            }
        }
        let entities = [
            "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'", "&nbsp;": " ", "&#x27;": "'",
            "&rsquo;": "’", "&ndash;": "–", "&mdash;": "—",
        ]
        for (entity, value) in entities where text.contains(entity) { text = text.replacingOccurrences(of: entity, with: value) }
        return text.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty && $0 != "-" }.joined(separator: "\n")
    }
}
