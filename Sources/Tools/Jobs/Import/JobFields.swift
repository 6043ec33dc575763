import Foundation
import Storage

/// Reads a posting from loosely named fields: JobSpy's columns, common JSON API names, or ours.
struct JobFields {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    let object: [String: Any]

    init(_ object: [String: Any]) {
        self.object = object
    }

    func posting(source: String) throws -> JobPosting {
        guard let title = text("title", "position", "job_title", "name", "positiontitle") else {
            throw Invalid(description: "missing title")
        }
        guard let company = text("company", "company_name", "companyname", "organization", "organizationname", "employer")
        else { throw Invalid(description: "missing company") }
        guard title.count <= 300, company.count <= 300 else { throw Invalid(description: "title or company longer than 300 characters") }
        let location = text("location", "candidate_required_location", "job_location", "city") ?? ""
        let remote = flag("is_remote", "remote")
        let minimum = number("salary_min", "min_amount", "min_salary", "minimum_salary")
        let maximum = number("salary_max", "max_amount", "max_salary", "maximum_salary")
        if let minimum, let maximum, minimum > maximum {
            throw Invalid(description: "salary minimum \(Int(minimum)) is above maximum \(Int(maximum))")
        }
        if let value = minimum ?? maximum, value < 0 { throw Invalid(description: "negative salary") }
        return JobPosting(
            source: text("source") ?? source, sourceID: text("id", "job_id", "slug"),
            url: text("job_url", "url", "link", "redirect_url", "apply_url", "job_url_direct"), title: title,
            company: company, location: location.isEmpty && remote == true ? "Remote" : location,
            country: text("country").map { $0.count == 2 ? $0.uppercased() : $0 },
            arrangement: remote == true
                ? .remote : (text("work_arrangement", "arrangement").flatMap(JobPosting.WorkArrangement.init(rawValue:)) ?? .unknown),
            seniority: text("seniority", "job_level", "level").map { $0.lowercased() }.flatMap(Self.seniority),
            employmentType: text("employment_type", "job_type", "contract_time"), salaryMin: minimum, salaryMax: maximum,
            salaryCurrency: text("salary_currency", "currency")?.uppercased(),
            salaryPeriod: text("salary_period", "interval").flatMap(Self.period),
            postedAt: date("posted_at", "date_posted", "publication_date", "created_at", "created", "date", "epoch"),
            description: text("description", "contents", "content", "summary", "job_description") ?? "",
            skills: list("skills", "tags"))
    }

    private func value(_ keys: [String]) -> Any? {
        for key in keys { if let value = object[key] ?? object.first(where: { $0.key.lowercased() == key })?.value { return value } }
        return nil
    }

    func text(_ keys: String...) -> String? {
        guard let value = value(keys) else { return nil }
        let string: String
        switch value {
        case let text as String: string = text
        case let number as NSNumber: string = number.stringValue
        default: return nil
        }
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    func number(_ keys: String...) -> Double? {
        guard let value = value(keys) else { return nil }
        if let number = value as? NSNumber, !(value is Bool) { return number.doubleValue }
        if let text = value as? String {
            return Double(text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: CharacterSet(charactersIn: " $€£")))
        }
        return nil
    }

    func flag(_ keys: String...) -> Bool? {
        guard let value = value(keys) else { return nil }
        if let flag = value as? Bool { return flag }
        if let text = value as? String { return ["true", "yes", "1", "remote"].contains(text.lowercased()) }
        if let number = value as? NSNumber { return number.intValue != 0 }
        return nil
    }

    func list(_ keys: String...) -> [String] {
        guard let value = value(keys) else { return [] }
        if let items = value as? [Any] { return items.compactMap { $0 as? String }.filter { !$0.isEmpty } }
        if let text = value as? String {
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return []
    }

    func date(_ keys: String...) -> Date? {
        guard let value = value(keys) else { return nil }
        if let number = value as? NSNumber, !(value is Bool) {
            let seconds = number.doubleValue
            return Date(timeIntervalSince1970: seconds > 1e11 ? seconds / 1000 : seconds)
        }
        guard let text = value as? String else { return nil }
        return Self.parseDate(text)
    }

    static func parseDate(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let epoch = Double(trimmed), epoch > 1e8 { return Date(timeIntervalSince1970: epoch > 1e11 ? epoch / 1000 : epoch) }
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            iso.formatOptions = options
            if let date = iso.date(from: trimmed) { return date }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    static func period(_ text: String) -> JobPosting.SalaryPeriod? {
        switch text.lowercased() {
        case "year", "yearly", "annual", "annually", "pa", "per year", "pa_": return .year
        case "month", "monthly": return .month
        case "week", "weekly": return .week
        case "day", "daily": return .day
        case "hour", "hourly", "ph": return .hour
        default: return nil
        }
    }

    static func seniority(_ text: String) -> String? {
        JobNormalizer.seniority(fromTitle: text) ?? (["mid-senior level", "mid level", "mid"].contains(text) ? "mid" : nil)
    }
}
