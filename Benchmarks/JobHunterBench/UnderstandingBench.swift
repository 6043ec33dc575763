import Assistant
import Foundation
import Tools

/// `JobHunterBench understanding [--errors]`: held-out intent accuracy and profile-slot F1, model
/// start-up and routing latency. Run in release for the timings.
enum UnderstandingBench {
    static func run(root: URL, showErrors: Bool) {
        let clock = ContinuousClock()
        var resources: LocalModelResources?
        let loadTime = clock.measure { resources = try? LocalModelResources.load(root: root) }
        guard let resources else {
            print("cannot load prompts/ and data/ from \(root.path)")
            return
        }
        var model: LocalChatModel?
        let trainTime = clock.measure { model = LocalChatModel(resources: resources) }
        guard let router = model?.router else { return }
        let fixtures = root.appendingPathComponent("Tests/AssistantTests/Fixtures")
        let intentText = (try? String(contentsOf: fixtures.appendingPathComponent("heldout_intents.tsv"), encoding: .utf8)) ?? ""
        let profileText = (try? String(contentsOf: fixtures.appendingPathComponent("heldout_profile.jsonl"), encoding: .utf8)) ?? ""
        let evaluation = UnderstandingEvaluation(router: router)
        let intentExamples = UnderstandingEvaluation.intentExamples(intentText)
        let intents = evaluation.intents(intentExamples)
        let profileExamples = (try? UnderstandingEvaluation.profileExamples(profileText)) ?? []
        let slots = evaluation.profileSlots(profileExamples)

        var samples: [Double] = []
        for _ in 0..<20 {
            for example in intentExamples {
                let start = clock.now
                _ = router.route(example.text)
                samples.append((clock.now - start).inMilliseconds)
            }
        }
        samples.sort()
        func percentile(_ p: Double) -> Double { samples.isEmpty ? 0 : samples[min(samples.count - 1, Int(Double(samples.count) * p))] }

        print("JobHunter understanding (held-out data, never trained on)")
        print(
            String(
                format: "  intent routing accuracy : %.1f%% (%d/%d)", intents.accuracy * 100, intents.total - intents.misses.count,
                intents.total))
        print(
            String(
                format: "  profile slots           : precision %.3f, recall %.3f, F1 %.3f (%d statements)", slots.precision, slots.recall,
                slots.f1, profileExamples.count))
        print(String(format: "  load resources          : %.1f ms", loadTime.inMilliseconds))
        print(
            String(
                format: "  train classifier+tagger : %.1f ms (%d intent examples, %d labelled statements)", trainTime.inMilliseconds,
                resources.examples.count, resources.slotExamples.count))
        print(String(format: "  routing p50 / p99       : %.3f / %.3f ms", percentile(0.5), percentile(0.99)))
        let taxonomyTime = clock.measure { _ = try? SkillTaxonomy.load(dataDirectory: root.appendingPathComponent("data")) }
        print(String(format: "  skill taxonomy load     : %.1f ms (before the first prompt)", taxonomyTime.inMilliseconds))
        let intentsB = evaluation.intents(
            UnderstandingEvaluation.intentExamples(
                (try? String(contentsOf: fixtures.appendingPathComponent("heldout_intents_b.tsv"), encoding: .utf8)) ?? ""))
        let slotsB = evaluation.profileSlots(
            (try? UnderstandingEvaluation.profileExamples(
                String(contentsOf: fixtures.appendingPathComponent("heldout_profile_b.jsonl"), encoding: .utf8))) ?? [])
        print(
            String(
                format: "  second held-out set     : intents %.1f%% (%d/%d), profile slots F1 %.3f (P %.3f, R %.3f)",
                intentsB.accuracy * 100, intentsB.total - intentsB.misses.count, intentsB.total, slotsB.f1, slotsB.precision, slotsB.recall)
        )
        if showErrors {
            for miss in intentsB.misses { print("  intent miss (B): \(miss)") }
            for error in slotsB.errors { print("  slot error (B): \(error)") }
            for miss in intents.misses { print("  intent miss: \(miss)") }
            for error in slots.errors { print("  slot error: \(error)") }
        }
    }
}

/// `JobHunterBench tune`: 5-fold cross-validation on the training examples only, to choose the classifier's
/// epochs without looking at the held-out set.
enum TuneBench {
    /// Folds by text, so an utterance trained in one dialogue context is never tested in the other.
    static func fold(of example: IntentExample) -> Int {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in example.text.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return Int(hash % 5)
    }

    static func run(root: URL) {
        guard let resources = try? LocalModelResources.load(root: root) else { return }
        let examples = LocalChatModel.trainingExamples(resources)
        // Temperature scaling: the softmax's sharpness that gives the held-out folds' gold labels the highest
        // likelihood, so the router's close-call thresholds mean what they say.
        let folds = (0..<5).map { fold in
            (IntentClassifier(examples: examples.filter { Self.fold(of: $0) != fold }), examples.filter { Self.fold(of: $0) == fold })
        }
        for scale in [0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1] as [Float] {
            var logLikelihood = 0.0
            var total = 0
            for (trained, test) in folds {
                var classifier = trained
                classifier.temperatureScale = scale
                for example in test {
                    let probability =
                        classifier.rank(example.text, context: example.context).first { $0.intent == example.intent }?.probability ?? 0
                    logLikelihood += log(max(probability, 1e-9))
                    total += 1
                }
            }
            print(
                String(format: "temperature scale %.2f: mean log-likelihood of the gold intent %.3f", scale, logLikelihood / Double(total)))
        }
        for epochs in [6, 12, 20, 30] {
            var correct = 0
            var total = 0
            for fold in 0..<5 {
                let train = examples.filter { Self.fold(of: $0) != fold }
                let test = examples.filter { Self.fold(of: $0) == fold }
                let classifier = IntentClassifier(examples: train, epochs: epochs)
                for example in test {
                    total += 1
                    if classifier.classify(example.text, context: example.context)?.intent == example.intent { correct += 1 }
                }
            }
            print(
                String(
                    format: "epochs %2d: cross-validated accuracy %.1f%% (%d examples)", epochs, Double(correct) * 100 / Double(total),
                    total))
        }
    }
}
