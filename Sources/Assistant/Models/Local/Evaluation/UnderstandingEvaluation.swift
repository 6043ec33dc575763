import Foundation

/// Scores the offline model on held-out data it was never trained on: intent routing accuracy and
/// profile-slot precision, recall and F1. Shared by the tests (which assert floors) and the benchmark
/// (which prints the figures).
package struct UnderstandingEvaluation: Sendable {
    package struct IntentExample: Sendable {
        package var intent: String
        package var text: String
        package var interview: Bool
    }

    package struct ProfileExample: Sendable {
        package var text: String
        package var expected: [String: JSONValue]
    }

    package struct IntentReport: Sendable {
        package var total: Int
        package var misses: [String]
        package var accuracy: Double { total == 0 ? 0 : Double(total - misses.count) / Double(total) }
    }

    package struct SlotReport: Sendable {
        package var truePositives = 0
        package var falsePositives = 0
        package var falseNegatives = 0
        package var errors: [String] = []
        package var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        package var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        package var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
    }

    package let router: Router

    package init(router: Router) {
        self.router = router
    }

    /// `intent<TAB>utterance` lines; an `interview:` prefix routes as if a mock interview were running.
    package static func intentExamples(_ text: String) -> [IntentExample] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { return nil }
            let interview = fields[0].hasPrefix("interview:")
            return IntentExample(
                intent: interview ? String(fields[0].dropFirst("interview:".count)) : fields[0], text: fields[1],
                interview: interview)
        }
    }

    /// One JSON object per line: `{"text": …, "expect": {update_profile arguments}}`.
    package static func profileExamples(_ text: String) throws -> [ProfileExample] {
        try text.split(separator: "\n").compactMap { line in
            let object = try JSONValue.parse(String(line))
            guard let text = object["text"]?.stringValue, case .object(let expected)? = object["expect"] else { return nil }
            return ProfileExample(text: text, expected: expected)
        }
    }

    package func intents(_ examples: [IntentExample]) -> IntentReport {
        var misses: [String] = []
        for example in examples {
            let state = example.interview ? ConversationState(mode: .interview(sessionID: "held-out")) : ConversationState()
            let decision = router.route(example.text, state: state)
            let expected = Router.conversationalIntents.contains(example.intent) ? "none" : example.intent
            let got = decision.tool ?? (decision.alternative != nil ? "clarify" : "none")
            if got != expected { misses.append("\(example.intent) ← \(example.text) → \(got)") }
        }
        return IntentReport(total: examples.count, misses: misses)
    }

    /// Compares (field, value) pairs: each list item is a pair, values compared after the same
    /// canonical spelling the model uses (so "Excel" and "Microsoft Excel" agree).
    package func profileSlots(_ examples: [ProfileExample]) -> SlotReport {
        var report = SlotReport()
        for example in examples {
            let decision = router.route(example.text)
            let predicted = decision.tool == "update_profile" ? decision.arguments : [:]
            let want = pairs(.object(example.expected))
            let got = pairs(predicted)
            report.truePositives += want.intersection(got).count
            report.falsePositives += got.subtracting(want).count
            report.falseNegatives += want.subtracting(got).count
            if want != got {
                let missing = want.subtracting(got).sorted().joined(separator: ", ")
                let extra = got.subtracting(want).sorted().joined(separator: ", ")
                report.errors.append("\(example.text)\n      missing: \(missing)\n      extra:   \(extra)")
            }
        }
        return report
    }

    private func pairs(_ arguments: JSONValue) -> Set<String> {
        guard case .object(let fields) = arguments else { return [] }
        var result: Set<String> = []
        for (key, value) in fields {
            let values = value.arrayValue ?? [value]
            for item in values {
                result.insert(key + "=" + canonical(key, item.stringValue ?? "\(item)"))
            }
        }
        return result
    }

    private func canonical(_ key: String, _ value: String) -> String {
        let gazetteer = router.slots.gazetteer
        let phrase = Gazetteer.key(value)
        if key.hasSuffix("skills") || key.hasSuffix("certifications") {
            return (gazetteer.canonicalSkill(phrase) ?? gazetteer.certifications[phrase] ?? value).lowercased()
        }
        if key.hasSuffix("locations"), let place = gazetteer.places[phrase] { return place.name.lowercased() }
        if key.hasSuffix("languages") { return (gazetteer.languages[phrase] ?? value).lowercased() }
        if key.hasSuffix("roles") || key == "headline" {
            return (gazetteer.titles[phrase] ?? value).lowercased()
        }
        return value.lowercased()
    }
}
