import Foundation

/// A labelled span of an utterance, in token positions.
package struct SlotSpan: Sendable, Equatable {
    package var label: String
    package var range: Range<Int>
}

/// A sentence with one BIO tag per token, for training the tagger.
package struct TaggedSentence: Sendable {
    package var tokens: [Token]
    package var tags: [String]
}

/// A BIO sequence tagger for profile slots (role, skill, certification, place, language, name, years,
/// salary): an averaged perceptron decoding greedily left to right, as in the classic part-of-speech
/// taggers. Each token's features are its word, shape, affixes, neighbours, gazetteer membership and
/// the two tags before it, so "Go" after "I know Python and" is a skill and "4 years" never is.
package struct SlotTagger: Sendable {
    let labels: [String]
    private let index: FeatureIndex
    private let weights: LinearWeights
    let gazetteer: Gazetteer

    package init(sentences: [TaggedSentence], gazetteer: Gazetteer, epochs: Int = 8) {
        var labels = ["O"]
        for sentence in sentences {
            for tag in sentence.tags where !labels.contains(tag) { labels.append(tag) }
        }
        let position = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var index = FeatureIndex()
        // The tag history is the only feature that changes while decoding; everything else is computed once.
        for label in labels {
            _ = index.intern("p1:" + label)
            for other in labels { _ = index.intern("p2:" + other + ">" + label) }
        }
        let prepared = sentences.map { sentence -> (features: [[Int32]], gold: [Int]) in
            let names = Self.tokenFeatures(sentence.tokens, gazetteer: gazetteer)
            return (names.map { $0.map { index.intern($0) } }, sentence.tags.map { position[$0] ?? 0 })
        }
        var trainer = AveragedPerceptronTrainer(featureCount: index.count, labelCount: labels.count)
        var generator = SplitMix64(seed: 0x5107_7A6)
        var order = Array(prepared.indices)
        var scores = [Float](repeating: 0, count: labels.count)
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            for sentenceIndex in order {
                let sentence = prepared[sentenceIndex]
                var previous = [0, 0]
                for position in sentence.features.indices {
                    let features = Self.active(sentence.features[position], previous: previous, labels: labels, index: index)
                    trainer.weights.scores(features, into: &scores)
                    let predicted = Self.argmax(scores)
                    let gold = sentence.gold[position]
                    trainer.update(features, gold: gold, predicted: predicted)
                    trainer.tick()
                    // Training on the gold history would teach the model to trust its own past tags
                    // more than it should; following its predictions keeps training like decoding.
                    previous = [previous[1], predicted]
                }
            }
        }
        self.labels = labels
        self.index = index
        self.weights = trainer.averaged()
        self.gazetteer = gazetteer
    }

    /// A tagger restored from saved weights; nil when the snapshot's shape does not fit.
    init?(snapshot: LinearModelSnapshot, gazetteer: Gazetteer) {
        guard snapshot.isConsistent,
            snapshot.labels.first == "O"
        else { return nil }
        (index, weights) = snapshot.model()
        labels = snapshot.labels
        self.gazetteer = gazetteer
    }

    var snapshot: LinearModelSnapshot { LinearModelSnapshot(labels: labels, index: index, weights: weights) }

    /// One tag per token.
    package func tag(_ tokens: [Token]) -> [String] {
        guard !tokens.isEmpty else { return [] }
        let names = Self.tokenFeatures(tokens, gazetteer: gazetteer)
        var scores = [Float](repeating: 0, count: labels.count)
        var previous = [0, 0]
        var tags: [String] = []
        tags.reserveCapacity(tokens.count)
        for position in tokens.indices {
            let known = names[position].compactMap { index.id($0) }
            let features = Self.active(known, previous: previous, labels: labels, index: index)
            weights.scores(features, into: &scores)
            let predicted = Self.argmax(scores)
            tags.append(labels[predicted])
            previous = [previous[1], predicted]
        }
        return tags
    }

    /// The labelled spans, with an I- tag that does not continue its label read as a B-.
    package func spans(_ tokens: [Token]) -> [SlotSpan] {
        Self.spans(from: tag(tokens))
    }

    static func spans(from tags: [String]) -> [SlotSpan] {
        var spans: [SlotSpan] = []
        for (position, tag) in tags.enumerated() {
            guard tag != "O" else { continue }
            let label = String(tag.dropFirst(2))
            if tag.hasPrefix("I-"), let last = spans.last, last.label == label, last.range.upperBound == position {
                spans[spans.count - 1].range = last.range.lowerBound..<(position + 1)
            } else {
                spans.append(SlotSpan(label: label, range: position..<(position + 1)))
            }
        }
        return spans
    }

    private static func active(_ fixed: [Int32], previous: [Int], labels: [String], index: FeatureIndex) -> [ActiveFeature] {
        var features = fixed.map { ActiveFeature(id: $0, value: 1) }
        if let p1 = index.id("p1:" + labels[previous[1]]) { features.append(ActiveFeature(id: p1, value: 1)) }
        if let p2 = index.id("p2:" + labels[previous[0]] + ">" + labels[previous[1]]) {
            features.append(ActiveFeature(id: p2, value: 1))
        }
        return features
    }

    private static func argmax(_ scores: [Float]) -> Int {
        var best = 0
        for index in scores.indices where scores[index] > scores[best] { best = index }
        return best
    }

    // MARK: Features

    static func tokenFeatures(_ tokens: [Token], gazetteer: Gazetteer) -> [[String]] {
        let words = tokens.map(Self.word)
        let membership = GazetteerMembership(tokens: tokens, gazetteer: gazetteer)
        return tokens.indices.map { position in
            let word = words[position]
            var features = ["bias", "w:" + word, "shape:" + shape(tokens[position].original)]
            if word.count > 3 {
                features.append("suf:" + word.suffix(3))
                features.append("pre:" + word.prefix(3))
            }
            for offset in [-2, -1, 1, 2] {
                let neighbour = position + offset
                let name = neighbour < 0 ? "<s>" : neighbour >= words.count ? "</s>" : words[neighbour]
                features.append("w\(offset):" + name)
            }
            if position > 0 { features.append("w-1w:" + words[position - 1] + "|" + word) }
            if position + 1 < words.count { features.append("ww+1:" + word + "|" + words[position + 1]) }
            if position > 1 { features.append("w-2w-1:" + words[position - 2] + "|" + words[position - 1]) }
            for mark in membership.marks[position] {
                features.append("g:" + mark)
                features.append("g:" + mark + "|w-1:" + (position > 0 ? words[position - 1] : "<s>"))
            }
            if position + 1 < tokens.count {
                for mark in membership.marks[position + 1] where mark.hasSuffix(":B") { features.append("g+1:" + mark) }
            }
            if position > 0 {
                for mark in membership.marks[position - 1] { features.append("g-1:" + mark) }
            }
            return features
        }
    }

    /// Numbers are one word, so "4 years" and "12 years" teach the same thing.
    static func word(_ token: Token) -> String {
        switch token.kind {
        case .number: return "<num>"
        case .currency: return "<cur>"
        case .path: return "<path>"
        case .separator: return token.text
        case .word: return token.text
        }
    }

    /// "Python" → "Xx", "CPA" → "X", "dbt" → "x", "C++" → "X+", "80k" → "dx".
    static func shape(_ text: String) -> String {
        var shape = ""
        for character in text.prefix(12) {
            let symbol: Character =
                character.isUppercase ? "X" : character.isLowercase ? "x" : character.isNumber ? "d" : character
            if shape.last != symbol { shape.append(symbol) }
        }
        return shape
    }
}

/// Which gazetteer phrases cover each token, as "kind:B" (first word) or "kind:I" (inside).
struct GazetteerMembership {
    var marks: [[String]]

    init(tokens: [Token], gazetteer: Gazetteer) {
        marks = Array(repeating: [], count: tokens.count)
        mark("title", tokens, gazetteer.titles, gazetteer.maxTitleWords, gazetteer)
        mark("skill", tokens, gazetteer.skills, gazetteer.maxSkillWords, gazetteer)
        mark("tool", tokens, gazetteer.tools, gazetteer.maxToolWords, gazetteer)
        mark("cert", tokens, gazetteer.certifications, gazetteer.maxCertificationWords, gazetteer)
        mark("lang", tokens, gazetteer.languages, 3, gazetteer)
        mark("place", tokens, gazetteer.places, gazetteer.maxPlaceWords, gazetteer)
    }

    private mutating func mark<Value>(
        _ kind: String, _ tokens: [Token], _ dictionary: [String: Value], _ maxWords: Int, _ gazetteer: Gazetteer
    ) {
        var coveredUntil = 0
        for start in tokens.indices {
            guard let match = gazetteer.longestMatch(in: tokens, at: start, dictionary: dictionary, maxWords: maxWords)
            else { continue }
            // Inside a longer phrase of the same kind, a shorter one starting later adds nothing.
            if start < coveredUntil { continue }
            marks[start].append(kind + ":B")
            if match.length > 1 {
                marks[start].append(kind + ":long")
                for inside in (start + 1)..<(start + match.length) { marks[inside].append(kind + ":I") }
            }
            coveredUntil = start + match.length
        }
    }
}
