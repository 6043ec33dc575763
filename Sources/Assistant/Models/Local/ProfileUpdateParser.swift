import Foundation

/// Reads profile facts from what a user says about themselves: "add Rust to my skills",
/// "I'm looking for remote roles paying at least 120k", "my name is Ada", "I have 6 years of experience".
struct ProfileUpdateParser {
    let slots: SlotExtractor
    let tokens: [Token]

    func arguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        let texts = tokens.map(\.text)
        let removing = texts.contains { ["remove", "delete", "drop", "forget", "without"].contains($0) }
            || texts.contains("dont") || texts.contains("no") && texts.contains("longer")
        var consumed: Set<Int> = []

        if let name = personName(texts) {
            arguments["name"] = .string(name.value)
            consumed.formUnion(name.range)
        }
        if let skills = skillPhrase(texts) {
            let list = slots.skillList(from: tokens[skills])
            if !list.isEmpty { arguments[removing ? "remove_skills" : "add_skills"] = .array(list.map(JSONValue.string)) }
            consumed.formUnion(skills)
        }
        let places = slots.places(in: tokens).filter { !consumed.contains($0.range.lowerBound) }
        if !places.isEmpty {
            let names = places.map { JSONValue.string($0.place.name) }
            arguments[removing ? "remove_locations" : "add_locations"] = .array(names)
            for place in places { consumed.formUnion(place.range) }
        }
        if let headline = headline(texts, excluding: consumed) {
            arguments["headline"] = .string(headline.value)
            consumed.formUnion(headline.range)
        } else if let role = slots.role(in: tokens, excluding: consumed) {
            arguments[removing ? "remove_target_roles" : "add_target_roles"] = [.string(role.role)]
        }
        if let arrangement = slots.workArrangement(in: tokens) {
            arguments["remote_preference"] = .string(arrangement)
        } else if texts.contains("flexible") || texts.contains("anything") && texts.contains("open") {
            arguments["remote_preference"] = "any"
        }
        if let salary = slots.salaryMinimum(in: tokens) {
            arguments["salary_floor"] = .number(Double(salary.amount))
            if let currency = salary.currency { arguments["salary_currency"] = .string(currency) }
        }
        if let years = slots.years(in: tokens) { arguments["years_experience"] = .number(Double(years)) }
        return arguments
    }

    /// "my name is Ada Lovelace", "call me Sam".
    private func personName(_ texts: [String]) -> (value: String, range: Range<Int>)? {
        var start: Int?
        for index in texts.indices {
            if texts[index] == "name", index + 1 < texts.count, texts[index + 1] == "is" { start = index + 2 }
            if texts[index] == "names" { start = index + 1 }
            if texts[index] == "call", index + 1 < texts.count, texts[index + 1] == "me" { start = index + 2 }
        }
        guard let start, start < tokens.count else { return nil }
        var end = start
        while end < tokens.count, end - start < 4, tokens[end].isWord,
            !["and", "i", "im", "my", "but", "please", "from"].contains(tokens[end].text)
        {
            end += 1
        }
        guard end > start else { return nil }
        let name = tokens[start..<end].map { word in
            word.original.first?.isUppercase == true ? word.original : word.original.capitalized
        }
        return (name.joined(separator: " "), start..<end)
    }

    /// The span listing skills: after "add"/"remove"/"know"/"skills are", up to "to my skills" or the end.
    private func skillPhrase(_ texts: [String]) -> Range<Int>? {
        guard texts.contains(where: Self.isSkillsWord) || texts.contains("know") || texts.contains("learned")
            || texts.contains("learnt")
        else { return nil }
        let triggers: Set<String> = [
            "add", "remove", "delete", "drop", "know", "learned", "learnt", "include", "includes", "are", "with",
        ]
        var start: Int?
        for (index, text) in texts.enumerated() where triggers.contains(text) {
            start = index + 1
            break
        }
        if start == nil, let colon = texts.firstIndex(where: Self.isSkillsWord) { start = colon + 1 }
        guard var begin = start else { return nil }
        if begin < texts.count, ["also", "that", "the"].contains(texts[begin]) || begin < texts.count && Self.isSkillsWord(texts[begin]) { begin += 1 }
        var end = begin
        while end < texts.count {
            let text = texts[end]
            if ["to", "from", "in", "on", "into", "as"].contains(text) && end + 1 < texts.count
                && ["my", "the", "skills", "profile", "a"].contains(texts[end + 1])
            {
                break
            }
            if Self.isSkillsWord(text) || ["anymore", "please"].contains(text) { break }
            end += 1
        }
        return end > begin ? begin..<end : nil
    }

    /// "skills" and its common misspellings ("skils", "skillz", "skill").
    static func isSkillsWord(_ text: String) -> Bool {
        text.hasPrefix("skil") || text.hasPrefix("skll") || text == "sklls"
    }

    /// "my headline is ...", "I'm a senior backend engineer", "I work as a nurse".
    private func headline(_ texts: [String], excluding consumed: Set<Int>) -> (value: String, range: Range<Int>)? {
        if let index = texts.firstIndex(of: "headline") {
            var start = index + 1
            while start < texts.count, ["is", "to", "should", "be", "as", "set"].contains(texts[start]) { start += 1 }
            guard start < tokens.count else { return nil }
            return (tokens[start...].map(\.original).joined(separator: " "), start..<tokens.count)
        }
        let selfDescription = texts.indices.contains { index in
            (texts[index] == "im" || texts[index] == "am" || texts[index] == "currently")
                && index + 1 < texts.count && ["a", "an", "currently", "working"].contains(texts[index + 1])
                || texts[index] == "work" && index + 1 < texts.count && texts[index + 1] == "as"
        }
        guard selfDescription, !texts.contains("looking"), !texts.contains("want"),
            let role = slots.role(in: tokens, excluding: consumed)
        else { return nil }
        let level = slots.seniority(in: tokens)
        let title = level.map { "\($0.capitalized) \(role.role)" } ?? role.role
        return (title, role.range)
    }
}
