import Assistant
import Foundation
import SQLiteStorage
import Storage
import Tools

// Top-level code runs in an async context here, so the OpenAI part can stream.
// `JobHunterBench jobs N [POSTGRES_URL or SQLITE_PATH]` benchmarks the job index instead (N postings, default 100,000), on
// SQLite or, given the URL of a PostgreSQL database, on PostgreSQL; a database that already holds postings is searched as it is.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "jobs" {
    let arguments = CommandLine.arguments
    await JobsBench.run(
        count: arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000, databaseURL: arguments.count > 3 ? arguments[3] : nil)
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "duplicates" {
    await DuplicatesBench.run(count: CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 100_000 : 100_000)
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "recommendations" {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let evaluation = RecommendationEvaluation(
        folder: root.appendingPathComponent("Tests/ToolsTests/Fixtures/recommendations"), dataDirectory: root.appendingPathComponent("data")
    )
    do {
        print(
            RecommendationEvaluation.report(
                try await evaluation.run(now: Date(timeIntervalSince1970: 1_764_000_000)) { folder, clock in
                    Stores.sqlite(try AppDatabase(path: folder.appendingPathComponent("eval.sqlite").path), clock: clock)
                }))
    } catch {
        print("recommendation evaluation failed: \(error)")
    }
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "parse" {
    let megabytes = CommandLine.arguments.count > 2 ? Double(CommandLine.arguments[2]) ?? 2 : 2
    ParseBench.run(
        root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent(),
        megabytes: megabytes)
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "understanding" {
    UnderstandingBench.run(
        root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent(),
        showErrors: CommandLine.arguments.contains("--errors"))
    exit(0)
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "clinc" {
    ClincBench.run(path: CommandLine.arguments[2])
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "tune" {
    TuneBench.run(root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
    exit(0)
}

// Measures the offline model: loading its resources, training the classifier, routing latency and memory.
// Run in release: `swift run -c release JobHunterBench` (or `make bench`). Prints a plain table.

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let clock = ContinuousClock()

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kilobytes / 1024
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

var resources: LocalModelResources?
let loadTime = clock.measure {
    resources = try? LocalModelResources.load(root: root)
}
let cacheFolder = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-bench-cache-\(getpid())")
defer { try? FileManager.default.removeItem(at: cacheFolder) }
let cache = GazetteerCache(directory: cacheFolder)
let coldCacheTime = clock.measure { _ = try? LocalModelResources.load(root: root, cache: cache) }
let warmCacheTime = clock.measure { _ = try? LocalModelResources.load(root: root, cache: cache) }
guard let resources else {
    print("cannot load prompts/ and data/ from \(root.path)")
    exit(1)
}
var model: LocalChatModel?
let trainTime = clock.measure { model = LocalChatModel(resources: resources) }
guard let router = model?.router else { exit(1) }

let heldOut =
    (try? String(contentsOf: root.appendingPathComponent("Tests/AssistantTests/Fixtures/heldout_intents.tsv"), encoding: .utf8)) ?? ""
let utterances = heldOut.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
    $0.split(separator: "\t", maxSplits: 1).last.map(String.init)
}
var samples: [Double] = []
let rounds = 30
for _ in 0..<rounds {
    for utterance in utterances {
        let start = clock.now
        let decision = router.route(utterance)
        samples.append((clock.now - start).inMilliseconds)
        if decision.intent.isEmpty { print("unreachable") }
    }
}
samples.sort()

print("JobHunter offline model benchmark (\(utterances.count) held-out utterances × \(rounds) rounds)")
print(String(format: "  load prompts/ + data/, no cache   : %8.1f ms", loadTime.inMilliseconds))
print(String(format: "  load, building the cache (1st run): %8.1f ms", coldCacheTime.inMilliseconds))
print(String(format: "  load from the gazetteer cache    : %8.1f ms", warmCacheTime.inMilliseconds))
print(String(format: "  train intent classifier          : %8.1f ms  (%d examples)", trainTime.inMilliseconds, resources.examples.count))
print(
    String(
        format: "  gazetteer sizes                  : %d titles, %d places, %d skills", resources.gazetteer.titles.count,
        resources.gazetteer.places.count, resources.gazetteer.skills.count))
print(
    String(
        format: "  routing latency p50 / p90 / p99  : %.3f / %.3f / %.3f ms (max %.3f)", percentile(samples, 0.5), percentile(samples, 0.9),
        percentile(samples, 0.99), samples.last ?? 0))
print(String(format: "  peak resident memory             : %8.1f MB", peakResidentMegabytes()))

print("")
await OpenAIBench.run()
print("")
InterviewBench.run(root: root)
