import Foundation

/// Reads profile facts from what a user says about themselves. The slot tagger finds the spans (roles,
/// skills, certifications, places, languages, a name); the words around each span decide what to do
/// with it: a role after "I'm a" is the headline, after "looking for" a target; "remove", "not" or
/// "any more" make it a removal; "moved to" replaces the places. Closed-class facts (salary, years,
/// work arrangement, seniority, visa) are read by rules, which are exact for them.
struct ProfileUpdateParser {
    let slots: SlotExtractor
    let tokens: [Token]

    func arguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        let texts = tokens.map(\.text)
        let spans = (slots.tagger?.spans(tokens) ?? []).compactMap(consistent)
        var lists: [String: [String]] = [:]
        var previous: (label: String, removing: Bool, end: Int)?
        for span in spans {
            var removing = isRemoval(span)
            if let previous, previous.label == span.label, joinedByList(previous.end, span.range.lowerBound) {
                removing = previous.removing
            }
            previous = (span.label, removing, span.range.upperBound)
            let words = Array(tokens[span.range])
            switch span.label {
            case "NAME":
                // "I'm remote only" is not a name: a name is capitalised or announced ("my name is", "call me").
                let announced =
                    clauseBefore(span.range.lowerBound).suffix(2).contains { ["is", "me", "names", "im"].contains($0) }
                    && words.first?.original.first?.isUppercase == true
                    || clauseBefore(span.range.lowerBound).contains("name") || clauseBefore(span.range.lowerBound).contains("call")
                guard announced, !words.contains(where: { Self.notRoles.contains($0.text) }) else { continue }
                arguments["name"] = .string(Self.capitalised(words))
            case "ROLE":
                guard isPlausibleRole(span) else { continue }
                let role = roleName(span)
                if !removing, isCurrentRole(span), arguments["headline"] == nil {
                    arguments["headline"] = .string(role)
                    if let level = seniority(before: span) { arguments["seniority"] = .string(level) }
                } else {
                    lists[removing ? "remove_target_roles" : "add_target_roles", default: []].append(role)
                }
            case "SKILL":
                guard let skill = skillName(words) else { continue }
                lists[removing ? "remove_skills" : "add_skills", default: []].append(skill)
            case "CERT":
                let key = words.map(\.text).joined(separator: " ")
                let name = slots.gazetteer.certifications[key] ?? Self.typed(words)
                lists[removing ? "remove_certifications" : "add_certifications", default: []].append(name)
            case "LOC":
                guard let place = placeName(span) else { continue }
                let key = removing ? "remove_locations" : relocating(before: span) ? "set_locations" : "add_locations"
                lists[key, default: []].append(place)
            case "LANG":
                let key = words.map(\.text).joined(separator: " ")
                let language = slots.gazetteer.languages[key] ?? Self.capitalised(words)
                lists[removing ? "remove_languages" : "add_languages", default: []].append(language)
            default: continue
            }
        }
        // "add Welding to my skills": when the sentence says it is about skills and the tagger found none,
        // the words between the verb and "to my skills" (or after "skills:") are the list.
        if lists["add_skills"] == nil, lists["remove_skills"] == nil, let explicit = explicitSkillList(texts) {
            let items = slots.skillList(from: tokens[explicit.range]).filter { skillName(Tokenizer.tokenize($0)) != nil }
            if !items.isEmpty { lists[explicit.removing ? "remove_skills" : "add_skills"] = items }
        }
        // "I drive trucks": no title was said, but what the person does names one.
        if arguments["headline"] == nil, lists["add_target_roles"] == nil, lists["remove_target_roles"] == nil,
            let role = ActivityRole.role(in: tokens, titles: slots.gazetteer.titles)
        {
            arguments["headline"] = .string(role)
        }
        if let moved = lists.removeValue(forKey: "set_locations") {
            lists["set_locations"] = moved + (lists.removeValue(forKey: "add_locations") ?? [])
        }
        for (key, values) in lists {
            var seen: Set<String> = []
            let unique = values.filter { seen.insert($0.lowercased()).inserted }
            arguments[key] = .array(unique.map(JSONValue.string))
        }
        if arguments["headline"] == nil, let level = slots.seniority(in: tokens),
            arguments["add_target_roles"] != nil
                || texts.contains("level") || texts.contains("seniority")
        {
            arguments["seniority"] = .string(level)
        }
        addWorkArrangement(to: &arguments, texts: texts)
        if let salary = slots.salaryMinimum(in: tokens) {
            arguments["salary_floor"] = .number(Double(salary.amount))
            if let currency = salary.currency { arguments["salary_currency"] = .string(currency) }
            if let period = salary.period ?? salaryPeriod(texts) { arguments["salary_period"] = .string(period) }
        }
        if let years = slots.years(in: tokens) { arguments["years_experience"] = .number(Double(years)) }
        if let sponsorship = visaSponsorship(texts) { arguments["needs_visa_sponsorship"] = .bool(sponsorship) }
        return arguments
    }

    /// "add X and Y to my skills", "remove X from my skills", "my skills are X, Y", "skills: X, Y".
    private func explicitSkillList(_ texts: [String]) -> (range: Range<Int>, removing: Bool)? {
        guard let skillsWord = texts.firstIndex(where: { $0.hasPrefix("skill") }) else { return nil }
        if let verb = texts[..<skillsWord].firstIndex(where: { ["add", "remove", "delete", "drop"].contains($0) }) {
            var end = skillsWord
            while end > verb + 1, ["to", "from", "my", "the", "list", "of"].contains(texts[end - 1]) { end -= 1 }
            guard end > verb + 1 else { return nil }
            return ((verb + 1)..<end, texts[verb] != "add")
        }
        var start = skillsWord + 1
        while start < texts.count, ["are", "include", "includes", "is"].contains(texts[start]) { start += 1 }
        return start < texts.count ? (start..<texts.count, false) : nil
    }

    /// The tagger's label checked against the closed lists: a "language" no language list knows is a skill
    /// ("Snowflake, dbt and Airflow"); a "skill" or "place" that only one gazetteer knows takes that kind.
    private func consistent(_ span: SlotSpan) -> SlotSpan? {
        let key = tokens[span.range].map(\.text).joined(separator: " ")
        let gazetteer = slots.gazetteer
        let isSkill = gazetteer.canonicalSkill(key) != nil
        let isPlace = gazetteer.places[key] != nil
        var span = span
        switch span.label {
        case "LANG" where gazetteer.languages[key] == nil:
            span.label = isPlace && !isSkill ? "LOC" : "SKILL"
        case "SKILL" where isPlace && !isSkill:
            span.label = "LOC"
        case "LOC" where isSkill && !isPlace:
            span.label = "SKILL"
        default: break
        }
        return span
    }

    // MARK: What a span means here

    /// "remove Java", "I don't use Perl any more", "not interested in London anymore", "no longer … sales roles".
    private func isRemoval(_ span: SlotSpan) -> Bool {
        var position = span.range.lowerBound - 1
        var steps = 0
        while position >= 0, steps < 7 {
            let text = tokens[position].text
            if tokens[position].kind == .separator || text == "but" { break }
            if Self.removalCues.contains(text) { return true }
            if text == "longer", position > 0, tokens[position - 1].text == "no" { return true }
            position -= 1
            steps += 1
        }
        let after = tokens[span.range.upperBound...].prefix(4).map(\.text)
        return after.contains("anymore") || zip(after, after.dropFirst()).contains { $0 == "any" && $1 == "more" }
    }

    /// True when only list glue lies between two spans: "Python, Spark and dbt".
    private func joinedByList(_ end: Int, _ start: Int) -> Bool {
        guard start >= end else { return false }
        return tokens[end..<start].allSatisfy { $0.kind == .separator || ["and", "or", "&", "plus", "also"].contains($0.text) }
    }

    /// "I'm a …", "I work as …", "I've been a …", "my headline is …": the role held now (the headline),
    /// unless the clause says it is wanted ("looking for", "want to become", "… jobs").
    private func isCurrentRole(_ span: SlotSpan) -> Bool {
        let clause = clauseBefore(span.range.lowerBound)
        if clause.contains(where: Self.wantingCues.contains) { return false }
        if clause.contains("studying") || clause.contains("training") { return false }
        if let next = tokens[span.range.upperBound...].first, SlotExtractor.jobNouns.contains(next.text) { return false }
        return true
    }

    /// Words from the start of the clause up to `position`.
    private func clauseBefore(_ position: Int) -> [String] {
        var start = position
        while start > 0, tokens[start - 1].kind != .separator, tokens[start - 1].text != "but" { start -= 1 }
        return tokens[start..<position].map(\.text)
    }

    private func relocating(before span: SlotSpan) -> Bool {
        clauseBefore(span.range.lowerBound).contains { ["moved", "relocated", "moving", "relocating", "actually", "now"].contains($0) }
    }

    private func seniority(before span: SlotSpan) -> String? {
        // A title that starts with its level: "Principal Engineer", "Lead Nurse".
        if let level = SlotExtractor.seniorityWords[tokens[span.range.lowerBound].text], span.range.count > 1 { return level }
        guard span.range.lowerBound > 0 else { return nil }
        let before = tokens[max(0, span.range.lowerBound - 2)..<span.range.lowerBound]
        return slots.seniority(in: Array(before))
    }

    /// A one-word role the catalogs do not know ("only", "remote") is a tagging slip, not a job.
    private func isPlausibleRole(_ span: SlotSpan) -> Bool {
        let words = tokens[span.range]
        guard words.contains(where: { $0.isWord && !SlotExtractor.stopWords.contains($0.text) && !Self.notRoles.contains($0.text) })
        else { return false }
        if span.range.count > 1 { return true }
        let key = words.map(\.text).joined(separator: " ")
        return slots.gazetteer.titles[key] != nil || slots.gazetteer.titles[GazetteerLoader.singularize(key)] != nil
            || tokens[span.range.upperBound...].first.map { SlotExtractor.jobNouns.contains($0.text) } == true
    }

    static let workplaces: Set<String> = [
        "office", "onsite", "site", "hybrid", "person", "warehouse", "plant", "factory", "store", "shop", "hospital", "clinic",
        "yard", "kitchen", "restaurant", "school", "classroom", "lab",
    ]

    static let pronouns: Set<String> = ["it", "this", "that", "them", "these", "those", "one"]

    static let notRoles: Set<String> = ["only", "remote", "hybrid", "onsite", "office", "full", "part", "time", "looking", "based"]

    // MARK: Values

    /// A title as the catalog spells it, with the seniority word in front kept for the headline.
    private func roleName(_ span: SlotSpan) -> String {
        let words = Array(tokens[span.range])
        let key = words.map(\.text).joined(separator: " ")
        var name = slots.gazetteer.titles[key] ?? Self.titleCased(words)
        if span.range.lowerBound > 0, let level = slots.seniority(in: [tokens[span.range.lowerBound - 1]]),
            !["intern"].contains(level)
        {
            name = tokens[span.range.lowerBound - 1].original.capitalized + " " + name
        }
        return name
    }

    /// A skill as the catalogs spell it; numbers and durations are never skills.
    private func skillName(_ words: [Token]) -> String? {
        let meaningful = words.filter { !SlotExtractor.skillFillerWords.contains($0.text) }
        // "add it to my list": a lower-case pronoun is never the skill IT.
        if meaningful.count == 1, let only = meaningful.first, Self.pronouns.contains(only.text),
            only.original == only.original.lowercased()
        {
            return nil
        }
        guard !meaningful.isEmpty, meaningful.contains(where: { $0.isWord }),
            !meaningful.contains(where: { ["year", "years", "yrs", "month", "months"].contains($0.text) })
        else { return nil }
        let key = meaningful.map(\.text).joined(separator: " ")
        return slots.gazetteer.canonicalSkill(key) ?? Self.typed(meaningful)
    }

    private func placeName(_ span: SlotSpan) -> String? {
        let key = tokens[span.range].map(\.text).joined(separator: " ")
        if let place = slots.gazetteer.places[key] { return place.name }
        // The tagger found a place the gazetteer does not know (a small town): keep it as typed.
        let words = Array(tokens[span.range])
        return words.allSatisfy(\.isWord) ? Self.capitalised(words) : nil
    }

    private func addWorkArrangement(to arguments: inout [String: JSONValue], texts: [String]) {
        let mentionsRemote = texts.contains { SlotExtractor.remoteWords[$0] == "remote" }
        // An office, or another workplace one has to be at: "remote only, in the warehouse every day" contradicts itself.
        let mentionsOffice = texts.contains { Self.workplaces.contains($0) }
        let offersAlternative =
            texts.contains("or") && (mentionsRemote || texts.contains("hybrid"))
            && (arguments["add_locations"] != nil || arguments["set_locations"] != nil || mentionsOffice && mentionsRemote)
        if offersAlternative, !texts.contains("only") {
            // "Chicago or remote", "hybrid or remote": more than one arrangement is fine.
            arguments["remote_preference"] = "any"
        } else if let arrangement = slots.workArrangement(in: tokens) {
            // "remote only, in the Berlin office" contradicts itself: keep the places, leave the arrangement alone.
            if arrangement == "remote", mentionsOffice, !texts.contains("or") { return }
            arguments["remote_preference"] = .string(arrangement)
        } else if texts.contains("flexible") || texts.contains("anything") && texts.contains("open") {
            arguments["remote_preference"] = "any"
        }
    }

    private func salaryPeriod(_ texts: [String]) -> String? {
        if texts.contains(where: { ["month", "monthly", "mo"].contains($0) }) { return "month" }
        if texts.contains(where: { ["year", "yearly", "annually", "annual", "yr", "annum"].contains($0) }) { return "year" }
        return nil
    }

    /// "I need visa sponsorship" → true; "I don't need sponsorship", "I'm a citizen" → false.
    private func visaSponsorship(_ texts: [String]) -> Bool? {
        let mentions = texts.contains { $0.hasPrefix("sponsor") } || texts.contains("visa")
        if mentions {
            let negated = texts.contains { ["dont", "no", "not", "without", "never", "doesnt"].contains($0) }
            return !negated
        }
        if texts.contains("citizen") || texts.contains("green") && texts.contains("card")
            || texts.contains("authorized") || texts.contains("authorised")
        {
            return false
        }
        return nil
    }

    // MARK: Spelling

    static func capitalised(_ words: [Token]) -> String {
        words.map { $0.original.first?.isUppercase == true ? $0.original : $0.original.capitalized }.joined(separator: " ")
    }

    /// Lower-case words get a capital; anything the user cased on purpose ("dbt", "iOS", "SQL") stays.
    static func typed(_ words: [Token]) -> String {
        words.map { word in
            word.original == word.original.lowercased() && word.original.count > 3
                ? word.original.prefix(1).uppercased() + word.original.dropFirst() : word.original
        }.joined(separator: " ")
    }

    static func titleCased(_ words: [Token]) -> String {
        words.map { word in
            word.original == word.original.lowercased() && !["of", "and", "in", "the", "for"].contains(word.text)
                ? word.original.prefix(1).uppercased() + word.original.dropFirst() : word.original
        }.joined(separator: " ")
    }

    static let removalCues: Set<String> = [
        "remove", "delete", "drop", "forget", "not", "dont", "without", "never", "stop", "stopped", "erase", "scrap",
        "isnt", "arent", "wont", "cant", "nolonger", "minus", "except", "unlike",
    ]

    static let wantingCues: Set<String> = [
        "want", "wanted", "looking", "interested", "target", "targeting", "become", "becoming", "switch", "switching",
        "move", "moving", "into", "like", "seeking", "seek", "apply", "applying", "aiming", "hoping", "hope", "transition",
        "pivot", "prefer", "considering", "open", "find", "search", "goal", "dream", "aspire", "would",
    ]
}
