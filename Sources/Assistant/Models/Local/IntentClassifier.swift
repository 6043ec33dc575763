import Foundation

/// What the classifier knows about the conversation besides the words: routing depends on it
/// ("next" is a command during an interview and a request for more results after a search).
package struct DialogueContext: Sendable, Hashable {
    package var interviewActive: Bool
    package var interviewPaused: Bool
    package var hasResults: Bool

    package init(interviewActive: Bool = false, interviewPaused: Bool = false, hasResults: Bool = false) {
        self.interviewActive = interviewActive
        self.interviewPaused = interviewPaused
        self.hasResults = hasResults
    }

    var features: [String] {
        var names = ["st:bias"]
        if interviewActive { names.append("st:interview") }
        if interviewPaused { names.append("st:paused") }
        if hasResults { names.append("st:results") }
        return names
    }
}

/// A labelled utterance, in the dialogue context it was said in.
package struct IntentExample: Sendable {
    package var intent: String
    package var text: String
    package var context: DialogueContext

    package init(intent: String, text: String, context: DialogueContext = DialogueContext()) {
        self.intent = intent
        self.text = text
        self.context = context
    }
}

/// An averaged linear intent classifier (passive-aggressive updates) over word unigrams and bigrams, character n-grams (for
/// typos: "recomend", "reusme"), the first word, the length and the dialogue state. Scores become
/// probabilities with a softmax, so callers can tell a clear decision from a close call.
package struct IntentClassifier: Sendable {
    package struct Prediction: Sendable, Equatable {
        package var intent: String
        package var probability: Double
    }

    private let intents: [String]
    private let index: FeatureIndex
    private let weights: LinearWeights

    package var labels: [String] { intents }

    /// Scales the softmax temperature. Passive-aggressive training keeps scores near a margin of 1, far smaller
    /// than the plain perceptron's, so the scale is chosen by the likelihood of the gold intent on the held-out
    /// folds of a 5-fold cross-validation (`JobHunterBench tune`): 0.04 gives -0.44 per example, where the
    /// perceptron's best was -0.53.
    package var temperatureScale: Float = 0.04

    package init(examples: [(intent: String, text: String)], epochs: Int = 12) {
        self.init(examples: examples.map { IntentExample(intent: $0.intent, text: $0.text) }, epochs: epochs)
    }

    package init(examples: [IntentExample], epochs: Int = 12) {
        let intents = Array(Set(examples.map(\.intent))).sorted()
        let position = Dictionary(uniqueKeysWithValues: intents.enumerated().map { ($1, $0) })
        var index = FeatureIndex()
        var instances: [(features: [ActiveFeature], gold: Int)] = []
        instances.reserveCapacity(examples.count)
        for example in examples {
            guard let gold = position[example.intent] else { continue }
            let features = Self.features(of: example.text, context: example.context).map {
                ActiveFeature(id: index.intern($0.0), value: Float($0.1))
            }
            instances.append((features, gold))
        }
        var trainer = AveragedPerceptronTrainer(featureCount: index.count, labelCount: intents.count)
        var generator = SplitMix64(seed: 0x1A7E_17)
        var order = Array(instances.indices)
        var scores = [Float](repeating: 0, count: intents.count)
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            for position in order {
                let instance = instances[position]
                trainer.weights.scores(instance.features, into: &scores)
                trainer.passiveAggressiveUpdate(instance.features, gold: instance.gold, scores: scores)
                trainer.tick()
            }
        }
        self.intents = intents
        self.index = index
        self.weights = trainer.averaged()
    }

    /// A classifier restored from saved weights; nil when the snapshot's shape does not fit.
    init?(snapshot: LinearModelSnapshot) {
        guard snapshot.isConsistent else { return nil }
        (index, weights) = snapshot.model()
        intents = snapshot.labels
    }

    var snapshot: LinearModelSnapshot { LinearModelSnapshot(labels: intents, index: index, weights: weights) }

    /// Intents ranked by probability, restricted to `allowed` when given.
    package func rank(_ text: String, context: DialogueContext = DialogueContext(), allowed: Set<String>? = nil) -> [Prediction] {
        var features: [ActiveFeature] = []
        for (name, value) in Self.features(of: text, context: context) {
            if let id = index.id(name) { features.append(ActiveFeature(id: id, value: Float(value))) }
        }
        var scores = [Float](repeating: 0, count: intents.count)
        weights.scores(features, into: &scores)
        let candidates = scores.indices.filter { allowed?.contains(intents[$0]) ?? true }
        guard let best = candidates.map({ scores[$0] }).max() else { return [] }
        // Perceptron scores grow with the number of features; dividing by their count keeps the
        // softmax's sharpness about the same for short and long utterances.
        let temperature = max(1, Float(features.count).squareRoot() * 0.5) * temperatureScale
        let exps = candidates.map { Double(exp((scores[$0] - best) / temperature)) }
        let total = exps.reduce(0, +)
        return zip(candidates, exps).map { Prediction(intent: intents[$0.0], probability: $0.1 / total) }
            .sorted { $0.probability > $1.probability }
    }

    package func classify(_ text: String, context: DialogueContext = DialogueContext(), allowed: Set<String>? = nil) -> Prediction? {
        rank(text, context: context, allowed: allowed).first
    }

    /// Weighted features. Words count most; each word's character n-grams share one word's weight,
    /// so long words do not drown short ones.
    static func features(of text: String, context: DialogueContext) -> [(String, Double)] {
        let words = Tokenizer.tokenize(text).compactMap { token -> String? in
            switch token.kind {
            case .number: return "<num>"
            case .currency: return "<cur>"
            case .path: return "<path>"
            case .word: return token.text
            case .separator: return nil
            }
        }
        var features: [(String, Double)] = []
        features.reserveCapacity(words.count * 12 + 8)
        for (index, word) in words.enumerated() {
            features.append(("w:" + word, 1.0))
            if index > 0 { features.append(("b:" + words[index - 1] + " " + word, 1.0)) }
            let grams = characterGrams(of: word)
            let share = grams.isEmpty ? 0 : 1.0 / Double(grams.count).squareRoot()
            for gram in grams { features.append(("c:" + gram, share)) }
        }
        if let first = words.first { features.append(("s:" + first, 1.0)) }
        if words.count >= 2 { features.append(("s2:" + words[0] + " " + words[1], 1.0)) }
        let length = words.count <= 2 ? "short" : words.count <= 8 ? "medium" : words.count <= 20 ? "long" : "essay"
        for state in context.features {
            features.append((state, 1.0))
            features.append((state + "|len:" + length, 1.0))
        }
        return features
    }

    private static func characterGrams(of word: String) -> [String] {
        guard word.count > 2, word.first != "<" else { return [] }
        let padded = Array("^" + word + "$")
        var grams: [String] = []
        for length in 3...4 where padded.count >= length {
            for start in 0...(padded.count - length) { grams.append(String(padded[start..<(start + length)])) }
        }
        return grams
    }
}
