import ArgumentParser
import Assistant
import Foundation
import Storage
import Tools

struct RefreshJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch postings from the job boards into the local index.",
        discussion: """
            Boards: \(JobSourceCatalog.names.joined(separator: ", ")). Adzuna needs ADZUNA_APP_ID and ADZUNA_APP_KEY
            (ADZUNA_COUNTRY, default gb); USAJOBS needs USAJOBS_API_KEY and USAJOBS_EMAIL. Every board reports ok,
            0 results, or failed with its reason.
            """)

    @Option(name: .long, help: "Only these boards (repeatable).")
    var source: [String] = []

    @Option(name: .long, help: "What to look for, e.g. \"ios engineer\".")
    var query: String?

    @Option(name: .long, help: "Where, for boards that filter by place.")
    var location: String?

    @OptionGroup var index: IndexOptions

    func validate() throws {
        let unknown = Set(source).subtracting(JobSourceCatalog.names)
        if !unknown.isEmpty {
            throw ValidationError(
                "unknown board \(unknown.sorted().joined(separator: ", ")); choose from \(JobSourceCatalog.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let (stores, root) = try await index.open()
        let refresher = try JobRefresherFactory.make(stores: stores, root: root)
        let progress = ProgressLine()
        progress.update("asking \(source.isEmpty ? JobSourceCatalog.names.count : source.count) job boards…")
        let runs = await refresher.refresh(
            SourceQuery(text: query, location: location), only: source.isEmpty ? nil : Set(source)
        ) { run in progress.update("\(run.source): \(run.summary)") }
        progress.finish()
        for run in runs { print("\(run.source): \(run.summary)") }
        print("\(try await stores.jobs.count()) postings in the index.")
    }
}

struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Show each job board's configuration and the result of its last refresh.")

    @OptionGroup var index: IndexOptions

    func run() async throws {
        let (stores, _) = try await index.open()
        let latest = Dictionary(uniqueKeysWithValues: try await stores.sourceRuns.latest().map { ($0.source, $0) })
        let formatter = ISO8601DateFormatter()
        for source in JobSourceCatalog.all(environment: ProcessInfo.processInfo.environment) {
            let configuration = source.missingConfiguration.map { "needs \($0)" } ?? "ready"
            let last = latest[source.name].map { "last run \(formatter.string(from: $0.at)): \($0.summary)" } ?? "never run"
            print("\(source.name): \(configuration); \(last)")
        }
    }
}

/// Builds a refresher over the live network; only the executable does this.
enum JobRefresherFactory {
    static func make(stores: Stores, root: URL) throws -> JobRefresher {
        JobRefresher(
            sources: JobSourceCatalog.all(environment: ProcessInfo.processInfo.environment), transport: URLSessionTransport(),
            jobs: stores.jobs, runs: stores.sourceRuns,
            normalizer: try JobNormalizer.load(dataDirectory: root.appendingPathComponent("data")))
    }
}
