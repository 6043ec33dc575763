import Assistant
import Foundation
import Storage

/// remoteok.com: remote jobs, filtered by tag, no key; asks for a descriptive User-Agent. GET /api?tag=
/// The first element of the array is a legal notice, not a job.
package struct RemoteOKSource: JobSource {
    package let name = "remoteok"
    let baseURL: String

    package init(baseURL: String = "https://remoteok.com") {
        self.baseURL = baseURL
    }

    package func request(for query: SourceQuery, page: Int) throws -> HTTPRequest {
        let tag = query.text?.lowercased().split(separator: " ").first.map(String.init)
        return HTTPRequest(
            url: try url(baseURL + "/api", [("tag", tag)]), method: "GET",
            headers: ["User-Agent": "JobHunter/\(JobSourceCatalog.version) (job-search assistant)"])
    }

    package func parse(_ body: Data, query: SourceQuery, page: Int) throws -> SourcePage {
        guard let items = try json(body) as? [[String: Any]] else { throw SourceError.schemaChanged("expected a JSON array") }
        let postings = items.compactMap { job -> JobPosting? in
            guard let title = Lenient.string(job["position"]), let company = Lenient.string(job["company"]) else { return nil }
            let minimum = Lenient.number(job["salary_min"]).flatMap { $0 > 0 ? $0 : nil }
            let maximum = Lenient.number(job["salary_max"]).flatMap { $0 > 0 ? $0 : nil }
            return JobPosting(
                source: name, sourceID: Lenient.string(job["id"]), url: Lenient.string(job["url"]) ?? Lenient.string(job["apply_url"]),
                title: title, company: company, location: "Remote" + (Lenient.string(job["location"]).map { " (\($0))" } ?? ""),
                arrangement: .remote, salaryMin: minimum, salaryMax: maximum, salaryCurrency: minimum == nil ? nil : "USD",
                salaryPeriod: minimum == nil ? nil : .year,
                postedAt: Lenient.number(job["epoch"]).map { Date(timeIntervalSince1970: $0) }
                    ?? Lenient.string(job["date"]).flatMap(JobFields.parseDate),
                description: Lenient.string(job["description"]) ?? "", skills: Lenient.strings(job["tags"]))
        }.filter(query.matches)
        return SourcePage(postings: postings, hasMore: false)
    }
}
