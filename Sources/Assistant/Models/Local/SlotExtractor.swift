import Foundation

/// Finds the values a tool call needs in an utterance: role, place, remote, seniority, salary,
/// company, job reference, interview type, skills and other profile facts.
package struct SlotExtractor: Sendable {
    package let gazetteer: Gazetteer
    /// The learned tagger for open-class spans (roles, skills, certifications, places, languages, names).
    package let tagger: SlotTagger?

    package init(gazetteer: Gazetteer, tagger: SlotTagger? = nil) {
        self.gazetteer = gazetteer
        self.tagger = tagger
    }

    // MARK: Roles

    /// The job title the user mentions, with a leading seniority word split off
    /// ("senior ios developer" → role "iOS Developer", seniority "senior").
    package func role(in tokens: [Token], excluding excluded: Set<Int> = []) -> (role: String, range: Range<Int>)? {
        let candidates = gazetteer.matches(in: tokens, dictionary: gazetteer.titles, maxWords: gazetteer.maxTitleWords)
            .filter { match in !match.range.contains(where: excluded.contains) }
        guard var best = candidates.max(by: { $0.range.count < $1.range.count }) else {
            return keywordRole(in: tokens, excluding: excluded)
        }
        // A title starting with a seniority word: keep the remainder when it is a title too.
        if best.range.count > 1, Self.seniorityWords[tokens[best.range.lowerBound].text] != nil {
            let rest = (best.range.lowerBound + 1)..<best.range.upperBound
            if let remainder = gazetteer.titles[rest.map { tokens[$0].text }.joined(separator: " ")] {
                best = (rest, remainder)
            }
        }
        // Technologies in front of a generic title belong to the role: "python developer", "react native engineer".
        var start = best.range.lowerBound
        var prefix: [String] = []
        while start > 0 {
            var matched = false
            for length in stride(from: min(3, start), through: 1, by: -1) {
                let range = (start - length)..<start
                guard !range.contains(where: excluded.contains), range.allSatisfy({ tokens[$0].isWord }) else { continue }
                let key = range.map { tokens[$0].text }.joined(separator: " ")
                if let skill = gazetteer.skills[key], !Self.stopWords.contains(key), Self.seniorityWords[key] == nil {
                    prefix.insert(skill, at: 0)
                    start -= length
                    matched = true
                    break
                }
            }
            if !matched { break }
        }
        let title = (prefix + [best.value]).joined(separator: " ")
        return (title, start..<best.range.upperBound)
    }

    /// Without a known title, the words just before "jobs"/"roles" are the keywords ("rust jobs").
    private func keywordRole(in tokens: [Token], excluding excluded: Set<Int>) -> (role: String, range: Range<Int>)? {
        guard let nounIndex = tokens.firstIndex(where: { Self.jobNouns.contains($0.text) }) else { return nil }
        var start = nounIndex
        while start > 0 {
            let token = tokens[start - 1]
            guard token.isWord, !excluded.contains(start - 1), !Self.stopWords.contains(token.text),
                Self.seniorityWords[token.text] == nil, Self.remoteWords[token.text] == nil
            else { break }
            start -= 1
        }
        guard start < nounIndex else { return nil }
        let words = (start..<nounIndex).map { tokens[$0].original }
        return (words.joined(separator: " "), start..<nounIndex)
    }

    // MARK: Places

    /// Places named in the utterance, most specific reading first. A single ordinary-looking word
    /// only counts when a preposition announces a place ("in Berlin") or it is a country.
    package func places(in tokens: [Token]) -> [(place: Gazetteer.Place, range: Range<Int>)] {
        gazetteer.matches(in: tokens, dictionary: gazetteer.places, maxWords: gazetteer.maxPlaceWords)
            .filter { match in
                if match.value.isCountry || match.range.count > 1 { return true }
                let before = match.range.lowerBound > 0 ? tokens[match.range.lowerBound - 1].text : ""
                if Self.placePrepositions.contains(before) { return true }
                let original = tokens[match.range.lowerBound].original
                return original.first?.isUppercase == true && match.value.population >= 500_000
            }
            .map { ($0.value, $0.range) }
    }

    package func location(in tokens: [Token]) -> (name: String, range: Range<Int>)? {
        guard let match = places(in: tokens).first else { return nil }
        return (match.place.name, match.range)
    }

    // MARK: Work arrangement and seniority

    /// "remote" / "hybrid" / "onsite" when the user states a preference.
    package func workArrangement(in tokens: [Token]) -> String? {
        let texts = tokens.map(\.text)
        for (index, text) in texts.enumerated() {
            let next = index + 1 < texts.count ? texts[index + 1] : ""
            let previous = index > 0 ? texts[index - 1] : ""
            if text == "hybrid" { return "hybrid" }
            if text == "onsite" || text == "on" && next == "site" || text == "in" && (next == "office" || next == "person")
                || text == "office" && next == "based"
            {
                return "onsite"
            }
            if let value = Self.remoteWords[text] {
                // "not remote", "not interested in remote jobs", "no more remote": a negated preference.
                let before = texts[max(0, index - 4)..<index]
                let negated =
                    ["not", "no", "non", "dont", "never"].contains(previous)
                    || value == "remote" && before.contains { ["not", "dont", "never", "nolonger"].contains($0) }
                return negated ? "onsite" : value
            }
            if text == "from" && next == "home" || text == "anywhere" { return "remote" }
        }
        return nil
    }

    package func seniority(in tokens: [Token]) -> String? {
        let texts = tokens.map(\.text)
        for (index, text) in texts.enumerated() {
            let next = index + 1 < texts.count ? texts[index + 1] : ""
            if text == "entry" && next == "level" || text == "new" && (next == "grad" || next == "graduate") { return "junior" }
            if text == "mid" && (next == "level" || next == "senior") { return "mid" }
            if let level = Self.seniorityWords[text] { return level }
        }
        return nil
    }

    // MARK: Numbers

    /// The lowest salary the user will accept, annualised only if they said so: (amount, currency, period).
    package func salaryMinimum(in tokens: [Token]) -> (amount: Int, currency: String?, period: String?)? {
        let texts = tokens.map(\.text)
        if let figures = texts.firstIndex(where: { $0 == "figures" || $0 == "figure" }), figures > 0 {
            let count = tokens[figures - 1].number ?? Self.numberWords[texts[figures - 1]].map(Double.init)
            if let count, count >= 4, count <= 9 { return (Int(pow(10, count - 1)), nil, nil) }
        }
        for (index, token) in tokens.enumerated() {
            guard var value = token.number else { continue }
            let next = index + 1 < texts.count ? texts[index + 1] : ""
            let previous = index > 0 ? texts[index - 1] : ""
            if Self.nonMoneyUnits.contains(next) || next == "%" { continue }
            var scaled = false
            if case .number(_, let isScaled) = token.kind { scaled = isScaled }
            if next == "k" || next == "grand" || next == "thousand" {
                value *= 1000
                scaled = true
            }
            var currency: String?
            if index > 0, case .currency(let symbol) = tokens[index - 1].kind { currency = Self.currencyCodes[symbol] }
            for word in texts[min(index + 1, texts.count)..<min(index + 3, texts.count)] {
                if let code = Self.currencyWords[word] { currency = code }
            }
            // "25 an hour", "25/hr", "25 dollars an hour", "$25 per hour".
            let following = texts[min(index + 1, texts.count)..<min(index + 4, texts.count)]
            let period: String? =
                following.contains(where: Self.hourlyWords.contains)
                    || following.contains(where: { $0 == "hour" || $0 == "hr" || $0 == "hours" }) ? "hour" : nil
            let announced =
                Self.salaryCues.contains(previous)
                || (index > 1 && Self.salaryCues.contains(texts[index - 2]))
            guard scaled || currency != nil || value >= 10_000 || (announced && period != nil) else { continue }
            guard value >= (period == "hour" ? 5 : 1_000), value < 100_000_000 else { continue }
            return (Int(value), currency, period)
        }
        return nil
    }

    /// "5 years", "five+ years of experience".
    package func years(in tokens: [Token]) -> Int? {
        for (index, token) in tokens.enumerated() where index + 1 < tokens.count {
            let next = tokens[index + 1].text
            guard next == "years" || next == "year" || next == "yrs" || next == "yr" else { continue }
            // "80k a year" is a salary period; "a year of experience" is a duration.
            if ["a", "an", "per"].contains(token.text) || index > 0 && ["a", "per", "an"].contains(tokens[index - 1].text) {
                let following = tokens[(index + 2)...].prefix(3).map(\.text)
                guard following.contains("experience") || following.contains("exp"), token.text != "per" else { continue }
            }
            if let value = token.number ?? Self.numberWords[token.text].map(Double.init), value >= 0, value < 70 {
                return Int(value)
            }
        }
        return nil
    }

    /// A count before "questions" ("5 questions", "ten questions").
    package func questionCount(in tokens: [Token]) -> Int? {
        for (index, token) in tokens.enumerated() where index + 1 < tokens.count {
            guard tokens[index + 1].text.hasPrefix("question") else { continue }
            if let value = token.number ?? Self.numberWords[token.text].map(Double.init), value >= 1, value <= 50 {
                return Int(value)
            }
        }
        return nil
    }

    /// "posted this week" → 7, "in the last 3 days" → 3, "today" → 1.
    package func postedWithinDays(in tokens: [Token]) -> Int? {
        let texts = tokens.map(\.text)
        for (index, text) in texts.enumerated() {
            let next = index + 1 < texts.count ? texts[index + 1] : ""
            if text == "today" || text == "24" && next.hasPrefix("hour") { return 1 }
            if ["this", "past", "last"].contains(text) && next == "week" { return 7 }
            if ["this", "past", "last"].contains(text) && next == "month" { return 30 }
            if ["last", "past"].contains(text), index + 2 < texts.count, texts[index + 2].hasPrefix("day"),
                let days = tokens[index + 1].number ?? Self.numberWords[next].map(Double.init), days >= 1, days <= 365
            {
                return Int(days)
            }
        }
        return nil
    }

    // MARK: References

    /// "the second one" → 2, "#3" → 3, "the last one" → last, "that job" → current.
    static let pronounVerbs: Set<String> = ["save", "track", "bookmark", "keep", "about", "for", "to", "apply", "applied", "add"]

    package func jobReference(in tokens: [Token]) -> JobReference? {
        let texts = tokens.map(\.text)
        for (index, text) in texts.enumerated() {
            let next = index + 1 < texts.count ? texts[index + 1] : ""
            let previous = index > 0 ? texts[index - 1] : ""
            if let position = Self.ordinals[text], !(text == "first" && next == "time") { return .position(position) }
            if ["number", "no", "job", "posting", "result", "option", "#"].contains(previous),
                let value = tokens[index].number, value >= 1, value < 1000
            {
                return .position(Int(value))
            }
            if text == "last" && ["one", "job", "posting", "result", "position", "role"].contains(next) { return .last }
            if ["that", "this"].contains(text) && Self.referenceNouns.contains(next) { return .current }
            // "save it", "tell me about it", "a cover letter for it": the job just talked about.
            if text == "it" && Self.pronounVerbs.contains(previous) { return .current }
        }
        // A small number that is not an amount or a count of something: "tell me about 3", "apply to 2".
        for (index, token) in tokens.enumerated() {
            guard let value = token.number, value >= 1, value <= 50, value.rounded() == value else { continue }
            if case .number(_, scaled: true) = token.kind { continue }
            let next = index + 1 < texts.count ? texts[index + 1] : ""
            if Self.nonMoneyUnits.contains(next) || next == "k" || next == "%" { continue }
            if index > 0, case .currency = tokens[index - 1].kind { continue }
            return .position(Int(value))
        }
        return nil
    }

    // MARK: Interviews

    package func interviewType(in tokens: [Token]) -> String? {
        let texts = tokens.map(\.text)
        for (index, text) in texts.enumerated() {
            let next = index + 1 < texts.count ? texts[index + 1] : ""
            if text == "system" && next == "design" || text == "architecture" { return "system_design" }
            if text.hasPrefix("behavio") || text == "soft" && next == "skills" || text == "star" { return "behavioral" }
            if ["technical", "coding", "tech", "algorithms", "algorithm", "leetcode"].contains(text) { return "technical" }
            if text == "mixed" || text == "mix" { return "mixed" }
        }
        return nil
    }

    // MARK: Companies

    /// A company after "at"/"for"/"with" ("jobs at Stripe"), when it is not a place or ordinary word.
    package func company(in tokens: [Token], excluding excluded: Set<Int>) -> (name: String, range: Range<Int>)? {
        for (index, token) in tokens.enumerated() where Self.companyPrepositions.contains(token.text) {
            var end = index + 1
            if end < tokens.count, tokens[end].text == "the" { end += 1 }
            let start = end
            while end < tokens.count, tokens[end].isWord, !excluded.contains(end),
                !Self.stopWords.contains(tokens[end].text), Self.jobNouns.contains(tokens[end].text) == false,
                gazetteer.titles[tokens[end].text] == nil, end - start < 3,
                // "with Kubernetes" names a skill; "at Oracle" still names a company.
                token.text != "with" || gazetteer.skills[tokens[end].text] == nil
            {
                end += 1
            }
            guard end > start else { continue }
            // Lower-case words are only trusted as a company right after "at" ("jobs at google").
            let words = tokens[start..<end]
            let capitalised = words.allSatisfy { $0.original.first?.isUppercase == true }
            guard capitalised || token.text == "at" else { continue }
            let name = words.map { word in
                word.original.first?.isUppercase == true ? word.original : word.original.capitalized
            }.joined(separator: " ")
            return (name, start..<end)
        }
        return nil
    }

    /// Technologies and tools named outside `excluded` ("with Kubernetes and Terraform"), as the catalog spells them.
    package func skills(in tokens: [Token], excluding excluded: Set<Int>) -> [String] {
        var seen: Set<String> = []
        return gazetteer.matches(in: tokens, dictionary: gazetteer.skills, maxWords: gazetteer.maxSkillWords)
            .filter { match in
                !match.range.contains(where: excluded.contains)
                    && !(match.range.count == 1 && Self.stopWords.contains(tokens[match.range.lowerBound].text))
            }
            .map(\.value).filter { seen.insert($0.lowercased()).inserted }
    }

    // MARK: Lists of skills

    /// Canonical skill names from a phrase like "Rust, Go and k8s": known technologies are spelled
    /// as the catalog spells them; unknown ones keep the user's spelling.
    package func skillList(from tokens: ArraySlice<Token>) -> [String] {
        var items: [[Token]] = [[]]
        for token in tokens {
            if ["and", "&", "plus", "also", "or"].contains(token.text) || token.kind == .separator {
                items.append([])
            } else if token.isWord || token.number != nil {
                items[items.count - 1].append(token)
            }
        }
        var seen: Set<String> = []
        return items.compactMap { words -> String? in
            let words = words.filter { !Self.skillFillerWords.contains($0.text) }
            guard !words.isEmpty else { return nil }
            let key = words.map(\.text).joined(separator: " ")
            // Unknown skills keep the user's spelling, but an all-lower-case word gets a capital ("java" → "Java").
            let typed = words.map { word in
                word.original == word.original.lowercased() && word.original.count > 1
                    ? word.original.prefix(1).uppercased() + word.original.dropFirst() : word.original
            }
            let name = gazetteer.skills[key] ?? typed.joined(separator: " ")
            return seen.insert(name.lowercased()).inserted ? name : nil
        }
    }
}
