import ArgumentParser
import Assistant
import Foundation
import Storage
import Tools

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Manage the local job index: generate a demo corpus, import files, refresh from job boards, search.",
        subcommands: [
            GenerateJobsCommand.self, ImportJobsCommand.self, SearchJobsCommand.self, RefreshJobsCommand.self, SourcesCommand.self,
            ReclassifyJobsCommand.self,
        ]
    )
}

/// Options shared by the jobs commands.
/// Where the stores live, as every command that opens them accepts it: a SQLite file (the default), or the
/// PostgreSQL database several `serve` instances share.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite database file (its folder must exist; default: $XDG_DATA_HOME/jobhunter/jobhunter.sqlite).", valueName: "PATH"))
    var db: String?

    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL shared by several server instances, postgres://USER:PASSWORD@HOST:5432/DB (or DATABASE_URL): the same people, conversations and index as on the web.",
            valueName: "URL"))
    var databaseURL: String?

    func open(environment: [String: String] = ProcessInfo.processInfo.environment, waitForDatabase: Duration = .seconds(2)) async throws
        -> OpenedStores
    {
        try await OpenedStores.open(db: db, databaseURL: databaseURL, environment: environment, waitForDatabase: waitForDatabase)
    }
}

struct IndexOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @OptionGroup var resourceOptions: ResourceOptions

    /// The index's stores (SQLite, or PostgreSQL with --database-url / DATABASE_URL) and the resource folder.
    func open() async throws -> (stores: Stores, root: URL) {
        let root = try ResourceLocator.locate(explicit: resourceOptions.resources)
        return (try await database.open().stores, root)
    }
}

/// Prints progress on one line that rewrites itself on a terminal, and stays quiet otherwise.
struct ProgressLine: Sendable {
    let enabled = isatty(2) == 1

    func update(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

struct GenerateJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Add a deterministic synthetic corpus built from data/ (for demos and benchmarks).")

    @Option(name: .long, help: "How many postings to make (1 to 5,000,000).")
    var count: Int = 1_000

    @Option(name: .long, help: "Seed; the same seed makes the same corpus.")
    var seed: UInt64 = 42

    @Option(
        name: .long,
        help: "Country the postings are in, as an ISO code (US, GB, DE, IN…). Salaries are BLS figures, so only US postings state one.")
    var country: String = "US"

    @OptionGroup var index: IndexOptions

    func validate() throws {
        guard (1...5_000_000).contains(count) else { throw ValidationError("--count must be between 1 and 5,000,000") }
        guard country.count == 2, country.allSatisfy(\.isLetter) else {
            throw ValidationError("--country takes a two-letter ISO code such as US, GB or DE, not '\(country)'")
        }
    }

    func run() async throws {
        let (stores, root) = try await index.open()
        let generator = try SyntheticJobGenerator.load(dataDirectory: root.appendingPathComponent("data"), country: country)
        let store = stores.jobs
        let progress = ProgressLine()
        let start = ContinuousClock.now
        let count = self.count
        let seed = self.seed
        let now = Date()
        let report = try await store.bulkLoad { insert in
            var made = 0
            try generator.generate(count: count, seed: seed, now: now, batchSize: 20_000) { batch in
                try insert(batch)
                made += batch.count
                progress.update("generated \(made) of \(count)…")
            }
            progress.update("building the text index…")
        }
        let inserted = report.inserted
        progress.finish()
        let elapsed = ContinuousClock.now - start
        print(
            "Generated \(count) postings (seed \(seed)): \(inserted) new, \(count - inserted) already indexed; \(try await store.count()) in the index. \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"
        )
    }
}

struct ReclassifyJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Map postings indexed before this version (or not mapped then) to their O*NET occupation.",
        discussion: "Recommendations find candidates by occupation; postings without one are only found by the words of their title.")

    @OptionGroup var index: IndexOptions

    func run() async throws {
        let (stores, root) = try await index.open()
        let data = root.appendingPathComponent("data")
        let catalog = try await BlockingWork.run { try OccupationCatalog.load(dataDirectory: data) }
        let progress = ProgressLine()
        let result = try await OccupationBackfill(jobs: stores.jobs, catalog: catalog).run { progress.update("looked at \($0) postings…") }
        progress.finish()
        if result.examined == 0 {
            print("Every posting in the index already has an occupation.")
        } else {
            print(
                "Mapped \(result.mapped) of \(result.examined) postings without an occupation; \(result.examined - result.mapped) titles name no known occupation."
            )
        }
    }
}

struct ImportJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import postings from JobSpy CSV, JSON lines or a JSON array.",
        discussion: "Rows without a title or company, or with impossible values, are skipped and listed; the rest are imported.")

    @Argument(help: "The file to import.")
    var file: String

    @Option(name: .long, help: "Source name to record (default: import:<file name>).")
    var source: String?

    @OptionGroup var index: IndexOptions

    func run() async throws {
        let (stores, root) = try await index.open()
        let normalizer = try JobNormalizer.load(dataDirectory: root.appendingPathComponent("data"))
        let result = try JobImporter(normalizer: normalizer).read(path: file, source: source)
        let report = try await stores.jobs.upsert(result.postings)
        print("Imported \(file): \(report.inserted) new, \(report.updated) already indexed (updated), \(result.skipped.count) skipped.")
        for (row, reason) in result.skipped.prefix(20) { print("  skipped row \(row): \(reason)") }
        if result.skipped.count > 20 { print("  … and \(result.skipped.count - 20) more") }
    }
}

struct SearchJobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search the local index.")

    @Argument(help: "Keywords, e.g. \"ios engineer\".")
    var query: String = ""

    @Option(name: .long, help: "City or country.")
    var location: String?

    @Flag(name: .long, help: "Remote postings only.")
    var remote = false

    @Option(name: .long, help: "Number of results.")
    var limit: Int = 10

    @OptionGroup var index: IndexOptions

    func run() async throws {
        let (stores, root) = try await index.open()
        var search = JobQuery(text: query.isEmpty ? nil : query, arrangements: remote ? [.remote] : nil, limit: limit)
        CountryNames.load(dataDirectory: root.appendingPathComponent("data")).setPlace(location, in: &search)
        let hits = try await stores.jobs.search(search)
        if hits.isEmpty { print("No postings match.") }
        for (number, hit) in hits.enumerated() {
            let posting = hit.posting
            print(
                "\(number + 1). \(posting.title) — \(posting.company), \(posting.location) [\(posting.arrangement.rawValue)] #\(posting.id)"
            )
        }
    }
}
