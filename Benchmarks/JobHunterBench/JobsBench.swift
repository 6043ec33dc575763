import Assistant
import Foundation
import Logging
import PostgresStorage
import SQLiteStorage
import Storage
import Tools

/// Indexing time, database size and memory for N generated postings, then search latency for a fixed
/// query mix (text only, text + filters, filters only). With a PostgreSQL URL (an empty database) the same
/// corpus and queries run against the PostgreSQL index instead of a temporary SQLite file.
enum JobsBench {
    static func run(count: Int, databaseURL: String?) async {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-jobs-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // A SQLite path instead of a PostgreSQL URL keeps the database there, to be searched again by later runs.
            let keptSQLite = databaseURL.flatMap { $0.hasPrefix("postgres") ? nil : $0 }
            let path = keptSQLite ?? folder.appendingPathComponent("bench.sqlite").path
            let postgres = try await databaseURL.flatMap { $0.hasPrefix("postgres") ? $0 : nil }.asyncMap {
                try await PostgresDatabase.open(try PostgresLocation(url: $0))
            }
            let store: any JobStore =
                if let postgres { PostgresJobStore(database: postgres) } else { SQLiteJobStore(database: try AppDatabase(path: path)) }
            let generator = try SyntheticJobGenerator.load(dataDirectory: root.appendingPathComponent("data"))
            let clock = ContinuousClock()
            let now = Date()
            let start = clock.now
            // A kept database that already holds the corpus (a run before) is searched as it is: loading 1M
            // postings takes minutes, and the searches are what a change to the query plan needs measured again.
            let existing = postgres == nil && keptSQLite == nil ? 0 : try await store.count()
            let inserted =
                existing > 0
                ? existing
                : try await store.bulkLoad { insert in
                    try generator.generate(count: count, seed: 1, now: now, batchSize: 20_000) { try insert($0) }
                }.inserted
            let indexTime = clock.now - start
            let bytes =
                try await postgres?.sizeInBytes()
                ?? ["", "-wal", "-shm"].compactMap {
                    (try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? NSNumber)?.int64Value
                }.reduce(0, +)

            let mix: [JobQuery] = [
                JobQuery(text: "software engineer"), JobQuery(text: "python"), JobQuery(text: "registered nurse"),
                JobQuery(text: "data engineer", location: "DE"), JobQuery(text: "ios developer", arrangements: [.remote]),
                JobQuery(text: "accountant", salaryMin: 80_000, requireSalary: true), JobQuery(text: "kubernetes"),
                JobQuery(text: "project manager", seniority: "senior"), JobQuery(text: "truck driver", location: "Houston"),
                JobQuery(text: "machine learning"), JobQuery(text: "enginer"), JobQuery(arrangements: [.remote]),
                JobQuery(text: "sales", postedAfter: now.addingTimeInterval(-7 * 86_400)), JobQuery(text: "developer"),
                JobQuery(text: "teacher", location: "London"), JobQuery(location: "US", salaryMin: 150_000),
                JobQuery(location: "Boise"), JobQuery(text: "nurse", location: "New York"),
            ]
            var samples: [Double] = []
            var slowest: [(Double, String)] = []
            for _ in 0..<10 {
                for query in mix {
                    let began = clock.now
                    _ = try await store.search(query)
                    let elapsed = (clock.now - began).inMilliseconds
                    samples.append(elapsed)
                    slowest.append((elapsed, "\(query.text ?? "-") \(query.location ?? "") \(query.arrangements.map { "\($0)" } ?? "")"))
                }
            }
            slowest.sort { $0.0 > $1.0 }
            samples.sort()
            print(
                "Job index benchmark (\(postgres == nil ? "SQLite FTS5" : "PostgreSQL tsvector + GIN")): \(count) generated postings (\(inserted) distinct)"
            )
            if existing > 0 {
                print("  bulk load                  : skipped, the database already held \(existing) postings")
            } else {
                print(
                    String(
                        format: "  bulk load incl. text index : %8.1f s (%.0f postings/s)", indexTime.inSeconds,
                        Double(count) / indexTime.inSeconds))
            }
            print(String(format: "  database size              : %8.1f MB", Double(bytes) / 1_048_576))
            print(
                String(
                    format: "  search p50 / p90 / p99      : %.2f / %.2f / %.2f ms over %d queries (max %.2f)",
                    percentile(samples, 0.5), percentile(samples, 0.9), percentile(samples, 0.99), samples.count, samples.last ?? 0))
            var named: Set<String> = []
            let distinct = slowest.filter { named.insert($0.1).inserted }.prefix(4)
            print("  slowest queries            : " + distinct.map { String(format: "%@ %.0f ms", $0.1, $0.0) }.joined(separator: "; "))
            if ProcessInfo.processInfo.environment["JOBHUNTER_BENCH_EACH"] != nil {
                let byQuery = Dictionary(grouping: slowest, by: \.1).mapValues { $0.map(\.0).sorted() }
                for (name, times) in byQuery.sorted(by: { $0.key < $1.key }) {
                    print(String(format: "    %-40@ p50 %6.2f ms, max %6.2f ms", name, percentile(times, 0.5), times.last ?? 0))
                }
            }
            var market: [Double] = []
            for _ in 0..<5 {
                for role in ["software developer", "registered nurse", "data scientist", "accountant", "truck driver", "engineer"] {
                    let began = clock.now
                    _ = try await store.marketStats(title: role, location: nil, sample: 2_000)
                    market.append((clock.now - began).inMilliseconds)
                }
            }
            market.sort()
            print(
                String(
                    format: "  market query p50 / p99      : %.1f / %.1f ms over %d queries (index part of market_insights)",
                    percentile(market, 0.5), percentile(market, 0.99), market.count))
            try await toolLatency(store: store, folder: folder, root: root, now: now, clock: clock)
            print(String(format: "  peak resident memory       : %8.1f MB", peakResidentMegabytes()))
        } catch {
            print("jobs benchmark failed: \(error)")
        }
    }
}

extension JobsBench {
    /// What a person waits for: recommend_jobs for six personas and search_jobs with synonyms, occupation
    /// expansion and partial matches, through the real tools over the benchmark index.
    static func toolLatency(store: any JobStore, folder: URL, root: URL, now: Date, clock: ContinuousClock) async throws {
        let side = try AppDatabase(path: folder.appendingPathComponent("profiles.sqlite").path)
        var stores = Stores.sqlite(side)
        stores.jobs = store
        let profiles = stores.profiles
        let reference = try ReferenceData.load(dataDirectory: root.appendingPathComponent("data"))
        let registry = ToolCatalog.standard(JobServices(stores: stores, reference: reference, fileAccess: .server(exports: folder)))
        let people: [UserProfile] = [
            UserProfile(headline: "Registered Nurse", locations: ["Chicago"], certifications: ["ACLS"]),
            UserProfile(headline: "Accountant", locations: ["Dallas"], skills: ["QuickBooks", "Microsoft Excel"], certifications: ["CPA"]),
            UserProfile(locations: ["Houston"], certifications: ["CDL"]),
            UserProfile(headline: "iOS Developer", remotePreference: .remote, skills: ["Swift"]),
            UserProfile(headline: "Electrician", locations: ["Texas"], yearsExperience: 8),
            UserProfile(headline: "Elementary School Teacher", locations: ["Ohio"]),
        ]
        let users = stores.users
        var contexts: [ToolContext] = []
        for (index, person) in people.enumerated() {
            let user = try await users.user(named: "persona\(index)")
            try await profiles.save(person, userID: user.id)
            contexts.append(ToolContext(userID: user.id, state: ConversationState(), clock: .fixed(now), logger: Logger(label: "bench")))
        }
        // The first call loads the occupation catalog; it is timed separately.
        let first = clock.now
        _ = await registry.run(ToolCall(id: "0", name: "recommend_jobs", arguments: "{}"), context: contexts[0])
        let warmUp = (clock.now - first).inMilliseconds
        var recommend: [Double] = []
        for _ in 0..<10 {
            for context in contexts {
                let began = clock.now
                _ = await registry.run(ToolCall(id: "1", name: "recommend_jobs", arguments: "{}"), context: context)
                recommend.append((clock.now - began).inMilliseconds)
            }
        }
        recommend.sort()
        print(
            String(
                format: "  recommend_jobs p50 / p99    : %.1f / %.1f ms over %d calls (first call, loading O*NET: %.0f ms)",
                percentile(recommend, 0.5), percentile(recommend, 0.99), recommend.count, warmUp))
        let searches = [
            #"{"query":"rn"}"#, #"{"query":"swift developer"}"#, #"{"query":"devops kubernetes terraform"}"#,
            #"{"query":"registered nurse","location":"Texas"}"#, #"{"query":"accountant","salary_min":90000}"#,
            #"{"query":"truck driver","location":"Houston"}"#, #"{"query":"programmer"}"#, #"{"query":"k8s"}"#,
        ]
        var search: [Double] = []
        for _ in 0..<10 {
            for arguments in searches {
                let began = clock.now
                _ = await registry.run(ToolCall(id: "2", name: "search_jobs", arguments: arguments), context: contexts[0])
                search.append((clock.now - began).inMilliseconds)
            }
        }
        search.sort()
        print(
            String(
                format: "  search_jobs tool p50 / p99  : %.1f / %.1f ms over %d calls (synonyms, occupations, partial matches)",
                percentile(search, 0.5), percentile(search, 0.99), search.count))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
