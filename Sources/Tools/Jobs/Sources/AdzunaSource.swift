import Assistant
import Foundation
import Storage

/// adzuna.com: search across many countries; needs a free app id and key.
/// GET /v1/api/jobs/{country}/search/{page}?app_id=&app_key=&what=&where=&results_per_page=50
package struct AdzunaSource: JobSource {
    package let name = "adzuna"
    package let maxPages = 2
    let appID: String?
    let appKey: String?
    let country: String
    let baseURL: String

    package init(appID: String?, appKey: String?, country: String = "gb", baseURL: String = "https://api.adzuna.com") {
        self.appID = appID
        self.appKey = appKey
        self.country = country.lowercased()
        self.baseURL = baseURL
    }

    package var missingConfiguration: String? {
        appID == nil || appKey == nil ? "ADZUNA_APP_ID and ADZUNA_APP_KEY" : nil
    }

    package var secrets: [String] { [appKey].compactMap { $0 } }

    package func request(for query: SourceQuery, page: Int) throws -> HTTPRequest {
        guard let appID, let appKey else { throw SourceError.notConfigured("ADZUNA_APP_ID and ADZUNA_APP_KEY") }
        return HTTPRequest(
            url: try url(
                baseURL + "/v1/api/jobs/\(country)/search/\(page)",
                [
                    ("app_id", appID), ("app_key", appKey), ("what", query.text), ("where", query.location),
                    ("results_per_page", "50"), ("content-type", "application/json"),
                ]),
            method: "GET")
    }

    package func parse(_ body: Data, query: SourceQuery, page: Int) throws -> SourcePage {
        guard let root = try json(body) as? [String: Any], let results = root["results"] as? [[String: Any]] else {
            throw SourceError.schemaChanged("no \"results\" list")
        }
        let postings = results.compactMap { job -> JobPosting? in
            guard let title = Lenient.string(job["title"]),
                let company = (job["company"] as? [String: Any]).flatMap({ Lenient.string($0["display_name"]) })
            else { return nil }
            let predicted = Lenient.string(job["salary_is_predicted"]) == "1"
            let minimum = predicted ? nil : Lenient.number(job["salary_min"])
            let maximum = predicted ? nil : Lenient.number(job["salary_max"])
            return JobPosting(
                source: name, sourceID: Lenient.string(job["id"]), url: Lenient.string(job["redirect_url"]), title: title,
                company: company,
                location: (job["location"] as? [String: Any]).flatMap { Lenient.string($0["display_name"]) } ?? "",
                country: country == "gb" ? "GB" : country.uppercased(), employmentType: Lenient.string(job["contract_time"]),
                salaryMin: minimum, salaryMax: maximum,
                salaryCurrency: minimum == nil && maximum == nil ? nil : Self.currency[country] ?? "USD",
                salaryPeriod: minimum == nil && maximum == nil ? nil : .year,
                postedAt: Lenient.string(job["created"]).flatMap(JobFields.parseDate),
                description: Lenient.string(job["description"]) ?? "")
        }
        let total = Lenient.number(root["count"]).map(Int.init) ?? 0
        return SourcePage(postings: postings, hasMore: page * 50 < total && !results.isEmpty)
    }

    static let currency = ["gb": "GBP", "us": "USD", "de": "EUR", "fr": "EUR", "nl": "EUR", "ca": "CAD", "au": "AUD", "in": "INR"]
}
