import Assistant
import Foundation
import Testing

/// Multi-turn conversations from `Tests/Journeys/*.json`, each a persona talking to the real binary's engine
/// (offline model, every tool, the demo job set). Every turn's expectations are checked: which tool ran (or
/// none), which must not have run (nothing scored that was not an answer), argument values, reply text.
@Suite("Journeys")
struct JourneyTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Journeys")

    @Test("every journey passes against the real engine")
    func journeys() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 60, "at least 60 journeys")
        let result = try await BinaryRunner.run(["debug", "journeys"] + files.map { Self.folder.appendingPathComponent($0).path })
        #expect(result.status == 0, "\(result.stderr.suffix(2_000))")
        var observed: [String: [JSONValue]] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let object = try? JSONValue.parse(String(line)), let journey = object["journey"]?.stringValue else { continue }
            observed[journey, default: []].append(object)
        }
        var passed = 0
        var failures: [String] = []
        for file in files {
            let name = String(file.dropLast(".json".count))
            let journey = try JSONValue.parse(String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8))
            let turns = journey["turns"]?.arrayValue ?? []
            let seen = observed[name] ?? []
            var problems: [String] = []
            if seen.count != turns.count { problems.append("played \(seen.count) of \(turns.count) turns") }
            for (index, turn) in turns.enumerated() where index < seen.count {
                guard let expect = turn["expect"] else { continue }
                for problem in Self.check(expect, against: seen[index]) {
                    problems.append("turn \(index + 1) “\(turn["say"]?.stringValue ?? "")”: \(problem)")
                }
            }
            if problems.isEmpty { passed += 1 } else { failures.append("\(name): " + problems.joined(separator: "; ")) }
        }
        print("journeys passed: \(passed)/\(files.count)")
        for failure in failures { print("  journey failed: \(failure)") }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    static func check(_ expect: JSONValue, against turn: JSONValue) -> [String] {
        var problems: [String] = []
        let tools = turn["tools"]?.arrayValue ?? []
        let names = tools.compactMap { $0["name"]?.stringValue }
        let reply = (turn["reply"]?.stringValue ?? "").lowercased()
        if let tool = expect["tool"]?.stringValue {
            if tool == "none" {
                if !names.isEmpty { problems.append("expected no tool, ran \(names)") }
            } else if !names.contains(tool) {
                problems.append(
                    "expected \(tool), ran \(names.isEmpty ? "nothing" : names.joined(separator: ", ")); reply: \(reply.prefix(120))")
            }
        }
        for tool in expect["not_tools"]?.arrayValue?.compactMap(\.stringValue) ?? [] where names.contains(tool) {
            problems.append("\(tool) must not run")
        }
        if let wanted = expect["arguments"], case .object(let fields) = wanted {
            let called = tools.first { $0["name"]?.stringValue == expect["tool"]?.stringValue }?["arguments"] ?? [:]
            for (key, value) in fields {
                if !matches(value, called[key]) {
                    problems.append("\(key) should be \(value.jsonText), was \(called[key]?.jsonText ?? "absent")")
                }
            }
        }
        for text in expect["reply_contains"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !reply.contains(text.lowercased()) {
            problems.append("reply lacks “\(text)”: \(reply.prefix(160))")
        }
        for text in expect["reply_lacks"]?.arrayValue?.compactMap(\.stringValue) ?? [] where reply.contains(text.lowercased()) {
            problems.append("reply should not contain “\(text)”")
        }
        return problems
    }

    /// Strings compare case-insensitively (a list item may be any spelling containing the wanted one:
    /// "Excel" matches "Microsoft Excel"); every wanted list item must be present.
    static func matches(_ wanted: JSONValue, _ actual: JSONValue?) -> Bool {
        guard let actual else { return false }
        if let items = wanted.arrayValue {
            let have = (actual.arrayValue ?? [actual]).compactMap { $0.stringValue?.lowercased() }
            return items.allSatisfy { item in
                let want = item.stringValue?.lowercased() ?? ""
                return have.contains { $0 == want || $0.contains(want) }
            }
        }
        if let number = wanted.numberValue { return actual.numberValue == number }
        if case .bool(let flag) = wanted, case .bool(let other) = actual { return flag == other }
        return wanted.stringValue?.lowercased() == actual.stringValue?.lowercased()
    }
}
