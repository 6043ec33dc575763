import Assistant
import Foundation
import Storage

/// How postings are shown to models and reply templates.
enum JobResultJSON {
    static func encode(_ posting: JobPosting, number: Int, now: Date) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "n": .number(Double(number)), "id": .number(Double(posting.id)), "title": .string(posting.title),
            "company": .string(posting.company), "location": .string(posting.location),
            "arrangement": .string(posting.arrangement.rawValue),
        ]
        if let salary = salaryText(posting) { fields["salary"] = .string(salary) }
        if let posted = posting.postedAt { fields["posted"] = .string(age(of: posted, now: now)) }
        if let url = posting.url { fields["url"] = .string(url) }
        if !posting.skills.isEmpty { fields["skills"] = .array(posting.skills.prefix(8).map(JSONValue.string)) }
        if let seniority = posting.seniority { fields["seniority"] = .string(seniority) }
        let others = posting.sources.filter { $0 != posting.source }
        if !others.isEmpty {
            fields["also_on"] = .string(others.map(boardName).joined(separator: ", "))
            // Every board's link, in the order the boards were seen, for "where else can I apply?".
            let links = posting.sources.compactMap { source in posting.links[source].map { boardName(source) + ": " + $0 } }
            if links.count > 1 { fields["links"] = .array(links.map(JSONValue.string)) }
        }
        return fields
    }

    /// "linkedin" → "LinkedIn", "import:jobs.csv" → "jobs.csv".
    static func boardName(_ source: String) -> String {
        let known = [
            "linkedin": "LinkedIn", "indeed": "Indeed", "glassdoor": "Glassdoor", "ziprecruiter": "ZipRecruiter",
            "google": "Google Jobs", "remoteok": "Remote OK", "remotive": "Remotive", "arbeitnow": "Arbeitnow",
            "themuse": "The Muse", "usajobs": "USAJOBS", "adzuna": "Adzuna", "generated": "the demo set",
        ]
        if let name = known[source.lowercased()] { return name }
        return source.hasPrefix("import:") ? String(source.dropFirst("import:".count)) : source
    }

    static func salaryText(_ posting: JobPosting) -> String? {
        guard posting.salaryMin != nil || posting.salaryMax != nil else { return nil }
        func short(_ value: Double) -> String {
            value >= 10_000 ? "\(Int((value / 1000).rounded()))k" : String(Int(value.rounded()))
        }
        let range = [posting.salaryMin, posting.salaryMax].compactMap { $0 }.map(short)
        let text = Set(range).count == 1 ? range[0] : range.joined(separator: "–")
        let currency = posting.salaryCurrency.map { " " + $0 } ?? ""
        let period = posting.salaryPeriod.map { $0 == .year ? "" : "/" + $0.rawValue } ?? ""
        return text + currency + period
    }

    static func age(of date: Date, now: Date) -> String {
        let days = Int(now.timeIntervalSince(date) / 86_400)
        switch days {
        case ..<1: return "today"
        case 1: return "yesterday"
        case ..<60: return "\(days) days ago"
        default: return "\(days / 30) months ago"
        }
    }

    static func reference(_ posting: JobPosting) -> ResultReference {
        ResultReference(kind: "job", id: String(posting.id), title: "\(posting.title) — \(posting.company)")
    }
}
