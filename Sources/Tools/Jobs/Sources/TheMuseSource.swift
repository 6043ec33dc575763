import Assistant
import Foundation
import Storage

/// themuse.com: paged public jobs API, no key needed at low volume. GET /api/public/jobs?page=N&location=
package struct TheMuseSource: JobSource {
    package let name = "themuse"
    package let maxPages = 3
    let baseURL: String

    package init(baseURL: String = "https://www.themuse.com") {
        self.baseURL = baseURL
    }

    package func request(for query: SourceQuery, page: Int) throws -> HTTPRequest {
        HTTPRequest(
            url: try url(baseURL + "/api/public/jobs", [("page", String(page - 1)), ("descending", "true"), ("location", query.location)]),
            method: "GET")
    }

    package func parse(_ body: Data, query: SourceQuery, page: Int) throws -> SourcePage {
        guard let root = try json(body) as? [String: Any], let results = root["results"] as? [[String: Any]] else {
            throw SourceError.schemaChanged("no \"results\" list")
        }
        let postings = results.compactMap { job -> JobPosting? in
            guard let title = Lenient.string(job["name"]),
                let company = (job["company"] as? [String: Any]).flatMap({ Lenient.string($0["name"]) })
            else { return nil }
            let locations = (job["locations"] as? [[String: Any]] ?? []).compactMap { Lenient.string($0["name"]) }
            let level = (job["levels"] as? [[String: Any]])?.first.flatMap { Lenient.string($0["short_name"]) }
            let remote = locations.contains { $0.lowercased().contains("remote") || $0.lowercased().contains("flexible") }
            return JobPosting(
                source: name, sourceID: Lenient.string(job["id"]),
                url: (job["refs"] as? [String: Any]).flatMap { Lenient.string($0["landing_page"]) }, title: title,
                company: company, location: locations.first ?? "", arrangement: remote ? .remote : .unknown,
                seniority: level.flatMap {
                    ["entry": "junior", "mid": "mid", "senior": "senior", "management": "lead", "internship": "intern"][$0]
                },
                postedAt: Lenient.string(job["publication_date"]).flatMap(JobFields.parseDate),
                description: Lenient.string(job["contents"]) ?? "")
        }.filter(query.matches)
        let pageCount = Lenient.number(root["page_count"]).map(Int.init) ?? 0
        return SourcePage(postings: postings, hasMore: page < pageCount)
    }
}
