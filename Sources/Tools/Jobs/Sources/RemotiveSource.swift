import Assistant
import Foundation
import Storage

/// remotive.com: remote jobs, server-side search, no key. GET /api/remote-jobs?search=&limit=
package struct RemotiveSource: JobSource {
    package let name = "remotive"
    let baseURL: String

    package init(baseURL: String = "https://remotive.com") {
        self.baseURL = baseURL
    }

    package func request(for query: SourceQuery, page: Int) throws -> HTTPRequest {
        HTTPRequest(url: try url(baseURL + "/api/remote-jobs", [("search", query.text), ("limit", "100")]), method: "GET")
    }

    package func parse(_ body: Data, query: SourceQuery, page: Int) throws -> SourcePage {
        guard let root = try json(body) as? [String: Any], let jobs = root["jobs"] as? [[String: Any]] else {
            throw SourceError.schemaChanged("no \"jobs\" list")
        }
        let postings = jobs.compactMap { job -> JobPosting? in
            guard let title = Lenient.string(job["title"]), let company = Lenient.string(job["company_name"]) else { return nil }
            let location = Lenient.string(job["candidate_required_location"]) ?? "Worldwide"
            return JobPosting(
                source: name, sourceID: Lenient.string(job["id"]), url: Lenient.string(job["url"]), title: title,
                company: company, location: "Remote (\(location))", arrangement: .remote,
                employmentType: Lenient.string(job["job_type"]),
                postedAt: Lenient.string(job["publication_date"]).flatMap(JobFields.parseDate),
                description: Lenient.string(job["description"]) ?? "", skills: Lenient.strings(job["tags"]))
        }
        return SourcePage(postings: postings, hasMore: false)
    }
}
