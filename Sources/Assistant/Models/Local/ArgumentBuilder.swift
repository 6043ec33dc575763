import Foundation

/// Builds one intent's tool arguments from the slots found in an utterance. Only slots the user
/// actually stated appear, so a tool can tell "not said" from a default.
struct ArgumentBuilder {
    let slots: SlotExtractor
    let tokens: [Token]
    let text: String

    func arguments(for intent: String) -> [String: JSONValue] {
        switch intent {
        case "search_jobs": return searchArguments()
        case "recommend_jobs": return recommendArguments()
        case "analyze_resume", "optimize_resume": return resumeArguments()
        case "write_cover_letter": return coverLetterArguments()
        case "start_mock_interview", "interview_prep": return interviewArguments()
        case "career_advice": return careerArguments()
        case "market_insights": return marketArguments()
        case "update_profile": return ProfileUpdateParser(slots: slots, tokens: tokens).arguments()
        case "track_application": return applicationArguments()
        case "list_applications": return statusArgument()
        case "job_details":
            var arguments: [String: JSONValue] = [:]
            addJobReference(to: &arguments)
            return arguments
        default: return [:]
        }
    }

    private var placeRanges: Set<Int> { Set(slots.places(in: tokens).flatMap { Array($0.range) }) }

    private func searchArguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        let used = addRoleAndCompany(to: &arguments, roleKey: "query")
        // "devops jobs with kubernetes and terraform": the technologies named beside the role narrow the search.
        let skills = slots.skills(in: tokens, excluding: used)
        if !skills.isEmpty {
            let role = arguments["query"]?.stringValue.map { [$0] } ?? []
            arguments["query"] = .string((role + skills).joined(separator: " "))
        }
        if let location = slots.location(in: tokens) {
            arguments["location"] = .string(location.name)
        } else if nearThePerson {
            arguments["near_me"] = true
        }
        addWorkArrangement(to: &arguments)
        if let seniority = slots.seniority(in: tokens) { arguments["seniority"] = .string(seniority) }
        addSalary(to: &arguments, key: "salary_min")
        if let days = slots.postedWithinDays(in: tokens) { arguments["posted_within_days"] = .number(Double(days)) }
        return arguments
    }

    /// "near me", "nearby", "close to me", "around here": the places in the person's profile.
    private var nearThePerson: Bool {
        let texts = tokens.map(\.text)
        if texts.contains("nearby") || texts.contains("locally") { return true }
        for (index, text) in texts.enumerated() where index + 1 < texts.count {
            if ["near", "around", "close"].contains(text), ["me", "here", "home"].contains(texts[index + 1]) { return true }
            if text == "close", index + 2 < texts.count, texts[index + 1] == "to", ["me", "home"].contains(texts[index + 2]) {
                return true
            }
        }
        return false
    }

    private func recommendArguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        if let location = slots.location(in: tokens) { arguments["location"] = .string(location.name) }
        addWorkArrangement(to: &arguments)
        if let seniority = slots.seniority(in: tokens) { arguments["seniority"] = .string(seniority) }
        return arguments
    }

    private func resumeArguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        if let path = tokens.first(where: { $0.kind == .path }) ?? tokens.first(where: Self.looksLikeFile) {
            arguments["path"] = .string(path.original)
        }
        addJobReference(to: &arguments)
        if let role = slots.role(in: tokens, excluding: placeRanges), !Self.resumeWords.contains(role.role.lowercased()) {
            arguments["target_role"] = .string(role.role)
        }
        return arguments
    }

    private func coverLetterArguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        addJobReference(to: &arguments)
        addRoleAndCompany(to: &arguments, roleKey: "role")
        let words = Set(tokens.map(\.text))
        // "cover letter for this job: <pasted description>"
        if let colon = text.firstIndex(of: ":") {
            let pasted = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            if pasted.count >= 80 { arguments["job_description"] = .string(pasted) }
        }
        if let tone = ["formal", "warm", "concise", "friendly", "short", "casual", "enthusiastic"].first(where: words.contains) {
            arguments["tone"] = .string(["short": "concise", "friendly": "warm", "casual": "warm", "enthusiastic": "warm"][tone] ?? tone)
        }
        return arguments
    }

    private func interviewArguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        addRoleAndCompany(to: &arguments, roleKey: "role")
        if let seniority = slots.seniority(in: tokens) { arguments["seniority"] = .string(seniority) }
        if let type = slots.interviewType(in: tokens) { arguments["interview_type"] = .string(type) }
        if let count = slots.questionCount(in: tokens) { arguments["num_questions"] = .number(Double(count)) }
        addJobReference(to: &arguments)
        return arguments
    }

    /// "from data analyst to data scientist", "switch into product management".
    private func careerArguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        let texts = tokens.map(\.text)
        let places = placeRanges
        let fromIndex = texts.firstIndex(of: "from")
        let toIndex = texts.lastIndex { ["to", "into", "become", "becoming"].contains($0) }
        if let toIndex, toIndex + 1 < tokens.count {
            let tail = Set(0...toIndex).union(places)
            if let target = slots.role(in: tokens, excluding: tail) { arguments["target_role"] = .string(target.role) }
        }
        if let fromIndex {
            var excluded = places.union(0...fromIndex)
            if let toIndex, toIndex > fromIndex { excluded.formUnion(toIndex..<tokens.count) }
            if let current = slots.role(in: tokens, excluding: excluded) { arguments["current_role"] = .string(current.role) }
        }
        if arguments["target_role"] == nil, let role = slots.role(in: tokens, excluding: places) {
            arguments["target_role"] = .string(role.role)
        }
        return arguments
    }

    private func marketArguments() -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        let places = placeRanges
        if let role = slots.role(in: tokens, excluding: places) { arguments["role"] = .string(role.role) }
        if let location = slots.location(in: tokens) { arguments["location"] = .string(location.name) }
        return arguments
    }

    private func applicationArguments() -> [String: JSONValue] {
        var arguments = statusArgument()
        if arguments["status"] == nil,
            tokens.contains(where: { ["save", "bookmark", "keep", "remember", "shortlist", "star"].contains($0.text) })
        {
            arguments["status"] = "saved"
        }
        addJobReference(to: &arguments)
        addRoleAndCompany(to: &arguments, roleKey: "role")
        return arguments
    }

    private func statusArgument() -> [String: JSONValue] {
        let texts = tokens.map(\.text)
        for text in texts.reversed() {
            if let status = Self.statusWords[text] { return ["status": .string(status)] }
        }
        return [:]
    }

    /// The role (never a place, never the word "resume") and then a company from the words left over.
    /// The positions the role, company and places took, so nothing reads them twice.
    @discardableResult
    private func addRoleAndCompany(to arguments: inout [String: JSONValue], roleKey: String) -> Set<Int> {
        var used = placeRanges
        if let role = slots.role(in: tokens, excluding: used), !Self.resumeWords.contains(role.role.lowercased()) {
            arguments[roleKey] = .string(role.role)
            used.formUnion(role.range)
        }
        if let company = slots.company(in: tokens, excluding: used) {
            arguments["company"] = .string(company.name)
            used.formUnion(company.range)
        }
        return used
    }

    private func addWorkArrangement(to arguments: inout [String: JSONValue]) {
        switch slots.workArrangement(in: tokens) {
        case "remote": arguments["remote"] = true
        case "onsite": arguments["remote"] = false
        case "hybrid": arguments["hybrid"] = true
        default: break
        }
    }

    private func addSalary(to arguments: inout [String: JSONValue], key: String) {
        guard let salary = slots.salaryMinimum(in: tokens) else { return }
        arguments[key] = .number(Double(salary.amount))
        if let currency = salary.currency { arguments["salary_currency"] = .string(currency) }
        if let period = salary.period { arguments["salary_period"] = .string(period) }
    }

    private func addJobReference(to arguments: inout [String: JSONValue]) {
        guard let reference = slots.jobReference(in: tokens) else { return }
        switch reference {
        case .position(let position): arguments["job_ref"] = .number(Double(position))
        case .last: arguments["job_ref"] = "last"
        case .current: arguments["job_ref"] = "current"
        }
    }

    private static func looksLikeFile(_ token: Token) -> Bool {
        let lower = token.text
        return [".pdf", ".docx", ".doc", ".txt", ".md", ".json", ".rtf", ".odt"].contains { lower.hasSuffix($0) }
    }

    static let resumeWords: Set<String> = ["resume", "cv", "cover letter", "letter"]

    static let statusWords: [String: String] = [
        "saved": "saved", "save": "saved", "bookmarked": "saved", "applied": "applied", "submitted": "applied",
        "interviewing": "interviewing", "interview": "interviewing", "interviews": "interviewing",
        "offer": "offer", "offered": "offer", "offers": "offer", "rejected": "rejected", "rejection": "rejected",
        "declined": "rejected", "ghosted": "rejected", "withdrew": "withdrawn", "withdrawn": "withdrawn",
        "withdraw": "withdrawn",
    ]
}
