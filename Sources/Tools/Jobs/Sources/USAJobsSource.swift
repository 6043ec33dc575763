import Assistant
import Foundation
import Storage

/// USAJOBS (U.S. federal jobs): needs an API key and the requester's e-mail as User-Agent.
/// GET https://data.usajobs.gov/api/search?Keyword=&LocationName=&Page=&ResultsPerPage=
package struct USAJobsSource: JobSource {
    package let name = "usajobs"
    package let maxPages = 2
    let apiKey: String?
    let email: String?
    let baseURL: String

    package init(apiKey: String?, email: String?, baseURL: String = "https://data.usajobs.gov") {
        self.apiKey = apiKey
        self.email = email
        self.baseURL = baseURL
    }

    package var missingConfiguration: String? {
        apiKey == nil || email == nil ? "USAJOBS_API_KEY and USAJOBS_EMAIL" : nil
    }

    package var secrets: [String] { [apiKey].compactMap { $0 } }

    package func request(for query: SourceQuery, page: Int) throws -> HTTPRequest {
        guard let apiKey, let email else { throw SourceError.notConfigured("USAJOBS_API_KEY and USAJOBS_EMAIL") }
        return HTTPRequest(
            url: try url(
                baseURL + "/api/search",
                [
                    ("Keyword", query.text), ("LocationName", query.location), ("Page", String(page)), ("ResultsPerPage", "50"),
                ]),
            method: "GET",
            headers: ["Host": URL(string: baseURL)?.host ?? "data.usajobs.gov", "User-Agent": email, "Authorization-Key": apiKey])
    }

    package func parse(_ body: Data, query: SourceQuery, page: Int) throws -> SourcePage {
        guard let root = try json(body) as? [String: Any], let result = root["SearchResult"] as? [String: Any],
            let items = result["SearchResultItems"] as? [[String: Any]]
        else {
            throw SourceError.schemaChanged("no SearchResult.SearchResultItems")
        }
        let postings = items.compactMap { item -> JobPosting? in
            guard let job = item["MatchedObjectDescriptor"] as? [String: Any], let title = Lenient.string(job["PositionTitle"]),
                let organization = Lenient.string(job["OrganizationName"])
            else { return nil }
            let pay = (job["PositionRemuneration"] as? [[String: Any]])?.first
            let hourly = Lenient.string(pay?["RateIntervalCode"])?.lowercased().contains("hour") == true
            let details = (job["UserArea"] as? [String: Any]).flatMap { $0["Details"] as? [String: Any] }
            let telework = details?["TeleworkEligible"] as? Bool ?? false
            return JobPosting(
                source: name, sourceID: Lenient.string(item["MatchedObjectId"]), url: Lenient.string(job["PositionURI"]),
                title: title, company: organization, location: Lenient.string(job["PositionLocationDisplay"]) ?? "",
                country: "US", arrangement: telework ? .hybrid : .unknown,
                employmentType: (job["PositionSchedule"] as? [[String: Any]])?.first.flatMap { Lenient.string($0["Name"]) },
                salaryMin: Lenient.number(pay?["MinimumRange"]), salaryMax: Lenient.number(pay?["MaximumRange"]),
                salaryCurrency: pay == nil ? nil : "USD", salaryPeriod: pay == nil ? nil : (hourly ? .hour : .year),
                postedAt: Lenient.string(job["PublicationStartDate"]).flatMap { JobFields.parseDate(String($0.prefix(19))) },
                description: details.flatMap { Lenient.string($0["JobSummary"]) } ?? "")
        }
        let total = Lenient.number(result["SearchResultCountAll"]).map(Int.init) ?? 0
        return SourcePage(postings: postings, hasMore: page * 50 < total && !items.isEmpty)
    }
}
