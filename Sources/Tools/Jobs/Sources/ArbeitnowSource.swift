import Assistant
import Foundation
import Storage

/// arbeitnow.com: European jobs, paged, no search, no key. GET /api/job-board-api?page=N
package struct ArbeitnowSource: JobSource {
    package let name = "arbeitnow"
    package let maxPages = 3
    let baseURL: String

    package init(baseURL: String = "https://www.arbeitnow.com") {
        self.baseURL = baseURL
    }

    package func request(for query: SourceQuery, page: Int) throws -> HTTPRequest {
        HTTPRequest(url: try url(baseURL + "/api/job-board-api", [("page", String(page))]), method: "GET")
    }

    package func parse(_ body: Data, query: SourceQuery, page: Int) throws -> SourcePage {
        guard let root = try json(body) as? [String: Any], let jobs = root["data"] as? [[String: Any]] else {
            throw SourceError.schemaChanged("no \"data\" list")
        }
        let postings = jobs.compactMap { job -> JobPosting? in
            guard let title = Lenient.string(job["title"]), let company = Lenient.string(job["company_name"]) else { return nil }
            let remote = job["remote"] as? Bool ?? false
            return JobPosting(
                source: name, sourceID: Lenient.string(job["slug"]), url: Lenient.string(job["url"]), title: title,
                company: company, location: Lenient.string(job["location"]) ?? (remote ? "Remote" : ""),
                arrangement: remote ? .remote : .unknown, employmentType: Lenient.strings(job["job_types"]).first,
                postedAt: Lenient.number(job["created_at"]).map { Date(timeIntervalSince1970: $0) },
                description: Lenient.string(job["description"]) ?? "", skills: Lenient.strings(job["tags"]))
        }.filter(query.matches)
        let next = (root["links"] as? [String: Any]).flatMap { Lenient.string($0["next"]) }
        return SourcePage(postings: postings, hasMore: next != nil && !jobs.isEmpty)
    }
}
