import Foundation

/// A multinomial naive Bayes classifier over word unigrams, word bigrams and character n-grams.
/// Character n-grams make it tolerant of typos ("recomend", "reusme"); word bigrams catch phrasing
/// ("cover letter", "mock interview"). Trains in one pass, so it is rebuilt at every start.
public struct IntentClassifier: Sendable {
    public struct Prediction: Sendable, Equatable {
        public var intent: String
        public var probability: Double
    }

    private let intents: [String]
    private let logPriors: [Double]
    /// feature → per-intent log P(feature | intent)
    private let logLikelihoods: [String: [Double]]
    /// log P(unseen feature | intent), per intent
    private let unseenLogLikelihood: [Double]

    public var labels: [String] { intents }

    public init(examples: [(intent: String, text: String)], smoothing: Double = 0.3) {
        let intents = Array(Set(examples.map(\.intent))).sorted()
        let position = Dictionary(uniqueKeysWithValues: intents.enumerated().map { ($1, $0) })
        var featureCounts: [String: [Double]] = [:]
        var totals = [Double](repeating: 0, count: intents.count)
        var documents = [Double](repeating: 0, count: intents.count)
        for example in examples {
            guard let column = position[example.intent] else { continue }
            documents[column] += 1
            for (feature, weight) in Self.features(of: example.text) {
                featureCounts[feature, default: [Double](repeating: 0, count: intents.count)][column] += weight
                totals[column] += weight
            }
        }
        let vocabulary = Double(max(featureCounts.count, 1))
        let denominators = totals.map { log($0 + smoothing * vocabulary) }
        self.intents = intents
        // Uniform priors: the number of examples written per intent says nothing about how often users ask.
        self.logPriors = [Double](repeating: -log(Double(max(intents.count, 1))), count: intents.count)
        self.unseenLogLikelihood = denominators.map { log(smoothing) - $0 }
        self.logLikelihoods = featureCounts.mapValues { counts in
            counts.enumerated().map { log($1 + smoothing) - denominators[$0] }
        }
    }

    /// Intents ranked by posterior probability, restricted to `allowed` when given.
    public func rank(_ text: String, allowed: Set<String>? = nil) -> [Prediction] {
        var scores = logPriors
        for (feature, weight) in Self.features(of: text) {
            // Features never seen in training carry no evidence; skipping them keeps scores comparable.
            guard let likelihoods = logLikelihoods[feature] else { continue }
            for column in scores.indices { scores[column] += weight * likelihoods[column] }
        }
        var candidates = scores.indices.filter { allowed?.contains(intents[$0]) ?? true }
        guard let best = candidates.map({ scores[$0] }).max() else { return [] }
        let normaliser = candidates.reduce(0) { $0 + exp(scores[$1] - best) }
        candidates.sort { scores[$0] > scores[$1] }
        return candidates.map { Prediction(intent: intents[$0], probability: exp(scores[$0] - best) / normaliser) }
    }

    public func classify(_ text: String, allowed: Set<String>? = nil) -> Prediction? {
        rank(text, allowed: allowed).first
    }

    /// Weighted features. Words count most; each word's character n-grams share one word's weight,
    /// so long words do not drown short ones.
    static func features(of text: String) -> [(String, Double)] {
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
        features.reserveCapacity(words.count * 12)
        for (index, word) in words.enumerated() {
            features.append(("w:" + word, 1.0))
            if index > 0 { features.append(("b:" + words[index - 1] + " " + word, 1.0)) }
            let grams = characterGrams(of: word)
            let share = grams.isEmpty ? 0 : 1.0 / Double(grams.count).squareRoot()
            for gram in grams { features.append(("c:" + gram, share)) }
        }
        if let first = words.first { features.append(("s:" + first, 1.0)) }
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
