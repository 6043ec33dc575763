import Foundation

/// Turns resume text (plain text or Markdown) into a `ParsedResume`. Robust rather than strict: anything it
/// cannot place stays in its section's lines, and nothing is invented.
package struct ResumeParser: Sendable {
    let taxonomy: SkillTaxonomy

    package init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
    }

    /// A resume names a handful of profiles; past this, more links are noise (or an attack on the parser).
    static let maxLinks = 20

    static let sectionKinds: [(kind: String, names: [String])] = [
        (
            "experience",
            [
                "experience", "work experience", "professional experience", "employment", "employment history", "work history",
                "career history",
            ]
        ),
        ("education", ["education", "academic background", "qualifications", "education and training"]),
        ("skills", ["skills", "technical skills", "core skills", "key skills", "technologies", "tools", "competencies"]),
        ("summary", ["summary", "profile", "professional summary", "about", "about me", "objective", "career objective"]),
        ("projects", ["projects", "selected projects", "personal projects", "side projects"]),
        ("certifications", ["certifications", "certificates", "licenses", "licenses and certifications", "courses"]),
        ("other", ["languages", "interests", "awards", "publications", "volunteering", "volunteer experience", "references"]),
    ]

    package func parse(_ text: String) -> ParsedResume {
        let rawLines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        var sections: [ParsedResume.Section] = []
        var preamble: [ParsedResume.Line] = []
        for (index, raw) in rawLines.enumerated() {
            let line = ParsedResume.Line(number: index + 1, text: raw.trimmingCharacters(in: .whitespaces))
            guard !line.text.isEmpty else { continue }
            if let heading = Self.heading(line.text) {
                sections.append(ParsedResume.Section(name: heading.name, kind: heading.kind, heading: line, lines: []))
            } else if sections.isEmpty {
                preamble.append(line)
            } else {
                sections[sections.count - 1].lines.append(line)
            }
        }
        func lines(_ kind: String) -> [ParsedResume.Line] { sections.filter { $0.kind == kind }.flatMap(\.lines) }

        var contact = ParsedResume.Contact(name: nil, email: nil, phone: nil, links: [])
        // A set for the links seen and a cap keep this linear: 400 KB of links used to cost 15 s in `contains`.
        var seenLinks: Set<String> = []
        for line in preamble + sections.prefix(1).map(\.heading)
            + rawLines.enumerated().map({ ParsedResume.Line(number: $0.offset + 1, text: $0.element) })
        {
            for word in line.text.split(whereSeparator: { $0.isWhitespace || $0 == "|" || $0 == "·" || $0 == "," }) {
                let token = word.trimmingCharacters(in: CharacterSet(charactersIn: "()<>[]*_"))
                if contact.email == nil, token.contains("@"), token.contains("."), !token.hasPrefix("@") { contact.email = token }
                let lower = token.lowercased()
                if contact.links.count < Self.maxLinks,
                    lower.hasPrefix("http") || lower.contains("linkedin.com") || lower.contains("github.com"),
                    seenLinks.insert(token).inserted
                {
                    contact.links.append(token)
                }
            }
            if contact.phone == nil, let phone = Self.phone(in: line.text) { contact.phone = phone }
        }
        if let first = preamble.first?.text ?? sections.first?.heading.text {
            let name = first.trimmingCharacters(in: CharacterSet(charactersIn: "# "))
            if !name.contains("@"), !name.contains(where: \.isNumber), name.split(separator: " ").count <= 5, Self.heading(first) == nil {
                contact.name = name
            }
        }

        let listed = lines("skills").flatMap { line in
            line.text.split { ",;•|".contains($0) }.map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "-*• ").union(.whitespaces))
            }
        }.filter { !$0.isEmpty && $0.count <= 40 }.map { item -> String in
            // "Languages: Swift" → "Swift"
            item.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? item
        }
        return ParsedResume(
            contact: contact, sections: sections, summary: lines("summary"), experience: experience(lines("experience")),
            education: lines("education"), listedSkills: listed.map(taxonomy.canonical),
            skills: taxonomy.extract(from: text, limit: 80), projects: lines("projects"), certifications: lines("certifications"),
            lineCount: rawLines.count, wordCount: text.split { $0.isWhitespace }.count)
    }

    /// Entries: a non-bullet line opens an entry (title, company, dates); bullets below belong to it.
    func experience(_ lines: [ParsedResume.Line]) -> [ParsedResume.Experience] {
        var entries: [ParsedResume.Experience] = []
        for line in lines {
            if Self.isBullet(line.text) {
                let text = line.text.drop { "-*•".contains($0) }.trimmingCharacters(in: .whitespaces)
                if entries.isEmpty { continue }
                entries[entries.count - 1].bullets.append(ParsedResume.Line(number: line.number, text: text))
                continue
            }
            let dates = ResumeDates.range(in: line.text)
            // A dates-only line right after a header belongs to that header.
            if let dates, let last = entries.last, last.dates == nil, last.bullets.isEmpty, Self.isOnlyDates(line.text) {
                entries[entries.count - 1].dates = dates
                continue
            }
            let (title, company) = Self.titleAndCompany(line.text)
            entries.append(ParsedResume.Experience(header: line, title: title, company: company, dates: dates, bullets: []))
        }
        return entries
    }

    static func isBullet(_ text: String) -> Bool {
        text.hasPrefix("- ") || text.hasPrefix("* ") || text.hasPrefix("•")
    }

    static func isOnlyDates(_ text: String) -> Bool {
        text.filter(\.isLetter).lowercased().replacingOccurrences(of: "present", with: "").count <= 12
    }

    /// "Senior iOS Engineer, Lumen Health (2021–present)", "Data Analyst at Acme — 2019-2021", "### Engineer | Corp".
    static func titleAndCompany(_ text: String) -> (String, String?) {
        var clean = text.trimmingCharacters(in: CharacterSet(charactersIn: "#* ").union(.whitespaces))
        if let paren = clean.firstIndex(of: "(") { clean = String(clean[..<paren]) }
        for separator in [" at ", " @ ", ", ", " — ", " – ", " | ", " - "] {
            if let range = clean.range(of: separator) {
                let title = String(clean[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                var company = String(clean[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                for cut in [" — ", " – ", " | ", ", ", " - "] {
                    if let tail = company.range(of: cut),
                        ResumeDates.range(in: String(company[tail.upperBound...])) != nil
                            || company[tail.upperBound...].contains(where: \.isNumber)
                    {
                        company = String(company[..<tail.lowerBound])
                    }
                }
                return (title, company.isEmpty ? nil : company.trimmingCharacters(in: .whitespaces))
            }
        }
        return (clean.trimmingCharacters(in: .whitespaces), nil)
    }

    /// A heading: a Markdown heading, an ALL-CAPS line, or a known section name alone (optionally with a colon).
    static func heading(_ text: String) -> (name: String, kind: String?)? {
        let stripped = text.trimmingCharacters(in: CharacterSet(charactersIn: "#:*_ ").union(.whitespaces))
        guard !stripped.isEmpty, stripped.count <= 40 else { return nil }
        let key = stripped.lowercased()
        if let kind = sectionKinds.first(where: { $0.names.contains(key) })?.kind { return (stripped, kind) }
        // "## Anything" is a section; "### Title, Company" is an entry and "# Name" is the name line.
        let isSectionHeading = text.hasPrefix("## ")
        let isCaps =
            stripped == stripped.uppercased() && stripped.contains(where: \.isLetter) && stripped.split(separator: " ").count <= 4
            && !stripped.contains("@") && !stripped.contains(where: \.isNumber)
        return isSectionHeading || isCaps ? (stripped, nil) : nil
    }

    static func phone(in text: String) -> String? {
        var best = ""
        var current = ""
        for character in text + " " {
            if character.isNumber || "+()- .".contains(character) && !current.isEmpty || character == "+" {
                current.append(character)
            } else {
                if current.filter(\.isNumber).count >= 9, current.filter(\.isNumber).count <= 15, current.count > best.count {
                    best = current
                }
                current = ""
            }
        }
        let trimmed = best.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "-.")))
        // Year ranges ("2019 - 2021") are not phone numbers.
        if ResumeDates.range(in: trimmed) != nil { return nil }
        return trimmed.isEmpty ? nil : trimmed
    }
}
