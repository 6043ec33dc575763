import Foundation

/// A JSON Resume (jsonresume.org schema) as resume text, so the one parser reads it and findings can cite
/// lines of what the user sees.
enum JSONResume {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static func text(from data: Data) throws -> String {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Invalid(description: "not a JSON object")
        }
        guard root["basics"] != nil || root["work"] != nil else {
            throw Invalid(description: "no \"basics\" or \"work\": not a JSON Resume (jsonresume.org)")
        }
        func string(_ object: [String: Any]?, _ key: String) -> String? {
            (object?[key] as? String).flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        }
        func list(_ key: String) -> [[String: Any]] { root[key] as? [[String: Any]] ?? [] }
        func dates(_ item: [String: Any]) -> String {
            guard let start = string(item, "startDate") else { return "" }
            return " (\(start) – \(string(item, "endDate") ?? "Present"))"
        }
        var lines: [String] = []
        let basics = root["basics"] as? [String: Any]
        lines.append("# " + (string(basics, "name") ?? "Resume"))
        var contact = [string(basics, "email"), string(basics, "phone"), string(basics, "url")].compactMap { $0 }
        contact += ((basics?["profiles"] as? [[String: Any]]) ?? []).compactMap { string($0, "url") }
        if !contact.isEmpty { lines.append(contact.joined(separator: " · ")) }
        if let summary = string(basics, "summary") ?? string(basics, "label") { lines += ["", "## Summary", summary] }
        let work = list("work")
        if !work.isEmpty {
            lines += ["", "## Experience"]
            for job in work {
                lines.append(
                    "### \(string(job, "position") ?? "Role"), \(string(job, "name") ?? string(job, "company") ?? "")\(dates(job))")
                if let summary = string(job, "summary") { lines.append(summary) }
                lines += ((job["highlights"] as? [String]) ?? []).map { "- " + $0 }
            }
        }
        let education = list("education")
        if !education.isEmpty {
            lines += ["", "## Education"]
            for school in education {
                let degree = [string(school, "studyType"), string(school, "area")].compactMap { $0 }.joined(separator: " ")
                lines.append(
                    [degree, string(school, "institution")].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
                        + dates(school))
            }
        }
        let skills = list("skills").flatMap { [string($0, "name")].compactMap { $0 } + (($0["keywords"] as? [String]) ?? []) }
        if !skills.isEmpty { lines += ["", "## Skills", skills.joined(separator: ", ")] }
        let projects = list("projects")
        if !projects.isEmpty {
            lines += ["", "## Projects"]
            for project in projects {
                lines.append("- " + [string(project, "name"), string(project, "description")].compactMap { $0 }.joined(separator: ": "))
            }
        }
        let certificates = list("certificates")
        if !certificates.isEmpty {
            lines +=
                ["", "## Certifications"]
                + certificates.map {
                    "- " + [string($0, "name"), string($0, "issuer"), string($0, "date")].compactMap { $0 }.joined(separator: ", ")
                }
        }
        return lines.joined(separator: "\n")
    }
}
