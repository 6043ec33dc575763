import Assistant
import AssistantTesting
import Foundation
import SQLiteStorage
import Storage
import Synchronization
import Testing
import Tools

@Suite("Job board connectors")
struct JobSourceTests {
    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: JobsFixtures.fixtures.appendingPathComponent("sources/\(name).json"))
    }

    @Test("each board's recorded response parses into normalised postings")
    func parsesFixtures() throws {
        let query = SourceQuery(text: nil)
        let remotive = try RemotiveSource().parse(fixture("remotive"), query: query, page: 1)
        #expect(remotive.postings.map(\.title) == ["Senior iOS Engineer", "Data Engineer"])
        #expect(remotive.postings[0].location == "Remote (Europe)")
        #expect(remotive.postings[0].arrangement == .remote)
        #expect(remotive.postings[0].skills == ["swift", "ios", "swiftui"])

        let arbeitnow = try ArbeitnowSource().parse(fixture("arbeitnow-1"), query: query, page: 1)
        #expect(arbeitnow.postings.map(\.company) == ["Harbor Software", "Acorn Foods"])
        #expect(arbeitnow.hasMore)
        #expect(try ArbeitnowSource().parse(fixture("arbeitnow-2"), query: query, page: 2).hasMore == false)

        let remoteOK = try RemoteOKSource().parse(fixture("remoteok"), query: query, page: 1)
        #expect(remoteOK.postings.count == 2, "the legal notice is not a job")
        #expect(remoteOK.postings[0].salaryMin == 120_000)
        #expect(remoteOK.postings[1].salaryMin == nil, "0 means unknown")

        let muse = try TheMuseSource().parse(fixture("themuse"), query: query, page: 1)
        #expect(muse.postings.map(\.company) == ["Acme Corp", "Globex"])
        #expect(muse.postings[0].seniority == "senior")
        #expect(muse.postings[1].arrangement == .remote)

        let adzuna = try AdzunaSource(appID: "id", appKey: "key").parse(fixture("adzuna"), query: query, page: 1)
        #expect(adzuna.postings[0].salaryMax == 80_000)
        #expect(adzuna.postings[0].salaryCurrency == "GBP")
        #expect(adzuna.postings[1].salaryMin == nil, "predicted salaries are not the employer's")

        let federal = try USAJobsSource(apiKey: "k", email: "me@example.com").parse(fixture("usajobs"), query: query, page: 1)
        #expect(federal.postings.first?.company == "National Aeronautics and Space Administration")
        #expect(federal.postings.first?.salaryMin == 99_200)
        #expect(federal.postings.first?.arrangement == .hybrid)
    }

    @Test("boards without server-side search are filtered locally by the query words")
    func localFiltering() throws {
        let page = try ArbeitnowSource().parse(fixture("arbeitnow-1"), query: SourceQuery(text: "go developer"), page: 1)
        #expect(page.postings.map(\.company) == ["Harbor Software"])
    }

    @Test("requests carry the documented paths, parameters and headers")
    func requests() throws {
        let query = SourceQuery(text: "ios engineer", location: "London")
        #expect(
            try RemotiveSource().request(for: query, page: 1).url.absoluteString
                == "https://remotive.com/api/remote-jobs?search=ios%20engineer&limit=100")
        #expect(try ArbeitnowSource().request(for: query, page: 2).url.query == "page=2")
        #expect(try RemoteOKSource().request(for: query, page: 1).headers["User-Agent"]?.hasPrefix("JobHunter/") == true)
        #expect(try TheMuseSource().request(for: query, page: 1).url.query?.contains("location=London") == true)
        let adzuna = try AdzunaSource(appID: "app", appKey: "secret", country: "GB").request(for: query, page: 3)
        #expect(adzuna.url.path == "/v1/api/jobs/gb/search/3")
        #expect(adzuna.url.query?.contains("app_id=app&app_key=secret&what=ios%20engineer&where=London") == true)
        let federal = try USAJobsSource(apiKey: "k", email: "me@example.com").request(for: query, page: 1)
        #expect(federal.headers["Authorization-Key"] == "k")
        #expect(federal.headers["User-Agent"] == "me@example.com")
        #expect(federal.headers["Host"] == "data.usajobs.gov")
    }
}

/// Replies chosen by a substring of the request URL, so boards refreshed in parallel get their own.
final class RoutingTransport: StreamingHTTPTransport, Sendable {
    private let routes: Mutex<[(String, [ScriptedTransport.Reply])]>
    let requested = Mutex<[String]>([])

    init(_ routes: [(String, [ScriptedTransport.Reply])]) {
        self.routes = Mutex(routes)
    }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> StreamingHTTPResponse {
        let url = request.url.absoluteString
        requested.withLock { $0.append(url) }
        let reply = routes.withLock { routes -> ScriptedTransport.Reply? in
            guard let index = routes.firstIndex(where: { url.contains($0.0) }), !routes[index].1.isEmpty else { return nil }
            return routes[index].1.removeFirst()
        }
        return try await ScriptedTransport([reply ?? .noResponse(.connectionFailed("no route"))]).send(request, timeout: timeout)
    }
}

@Suite("Refreshing the index from job boards")
struct JobRefresherTests {
    func body(_ name: String) throws -> String {
        try String(contentsOf: JobsFixtures.fixtures.appendingPathComponent("sources/\(name).json"), encoding: .utf8)
    }

    @Test("every board reports ok, 0 results or failed with its reason; results land in the index; runs are recorded")
    func statuses() async throws {
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slept = Mutex<[Duration]>([])
        let transport = RoutingTransport([
            ("remotive.com", [.response(status: 200, chunks: [try body("remotive")])]),
            (
                "arbeitnow.com",
                [.response(status: 200, chunks: [try body("arbeitnow-1")]), .response(status: 200, chunks: [try body("arbeitnow-2")])]
            ),
            ("remoteok.com", [.response(status: 403, chunks: ["<html>Access denied</html>"])]),
            ("themuse.com", [.response(status: 200, chunks: [#"{"page": 0, "page_count": 0, "results": []}"#])]),
            ("adzuna.com", [.response(status: 200, chunks: [#"{"jobs": "moved"}"#])]),
        ])
        let runs = SQLiteSourceRunStore(database: database)
        let jobs = SQLiteJobStore(database: database)
        let refresher = JobRefresher(
            sources: JobSourceCatalog.all(environment: ["ADZUNA_APP_ID": "a", "ADZUNA_APP_KEY": "SECRET-ADZUNA"]),
            transport: transport, jobs: jobs, runs: runs,
            normalizer: JobNormalizer(taxonomy: try #require(await JobsFixtures.taxonomy())), clock: .fixed(JobsFixtures.now),
            sleep: { duration in slept.withLock { $0.append(duration) } })

        let results = await refresher.refresh(SourceQuery())
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.source, $0) })

        #expect(byName["remotive"]?.status == .ok)
        #expect(byName["remotive"]?.fetched == 2)
        #expect(byName["arbeitnow"]?.fetched == 3, "two pages")
        #expect(slept.withLock { $0 }.contains(.seconds(1)), "pages are spaced politely")
        #expect(byName["remoteok"]?.reason?.contains("HTTP 403") == true)
        #expect(byName["themuse"]?.status == .empty)
        #expect(byName["adzuna"]?.reason?.contains("format may have changed") == true)
        #expect(byName["usajobs"]?.reason == "not configured: set USAJOBS_API_KEY and USAJOBS_EMAIL")
        #expect(!results.contains { ($0.reason ?? "").contains("SECRET-ADZUNA") })
        #expect(try await jobs.count() == 5)
        #expect(try await runs.latest().count == 6)
    }

    @Test("a board that stalls is reported as timed out instead of hanging the refresh")
    func stalled() async throws {
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        var refresher = JobRefresher(
            sources: [RemotiveSource()], transport: RoutingTransport([("remotive", [.response(status: 200, chunks: [], ending: .stall)])]),
            jobs: SQLiteJobStore(database: database), runs: SQLiteSourceRunStore(database: database),
            normalizer: JobNormalizer(taxonomy: try #require(await JobsFixtures.taxonomy())))
        refresher.requestTimeout = .milliseconds(100)

        let run = try #require(await refresher.refresh(SourceQuery(text: "x")).first)

        #expect(run.status == .failed)
        #expect(run.reason == "timed out")
    }
}
