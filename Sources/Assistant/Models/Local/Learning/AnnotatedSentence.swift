import Foundation

/// A hand-labelled sentence as written in `prompts/slots/*.txt`: entities in brackets followed by their
/// label, "I'm a [data engineer](role) with [4 years](years) of experience".
package struct AnnotatedSentence: Sendable, Equatable {
    package enum Piece: Sendable, Equatable {
        case text(String)
        case entity(String, label: String)
    }

    package var pieces: [Piece]

    package enum ParseError: Error, CustomStringConvertible, Equatable {
        case unclosed(String)

        package var description: String {
            switch self {
            case .unclosed(let line): return "an entity is not closed as [text](label) in: \(line)"
            }
        }
    }

    package init(pieces: [Piece]) {
        self.pieces = pieces
    }

    package init(parsing line: String) throws {
        var pieces: [Piece] = []
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "[") {
            if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "]"),
                rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(",
                let end = rest[close...].firstIndex(of: ")")
            else { throw ParseError.unclosed(line) }
            let text = String(rest[rest.index(after: open)..<close])
            let label = String(rest[rest.index(close, offsetBy: 2)..<end]).uppercased()
            pieces.append(.entity(text, label: label))
            rest = rest[rest.index(after: end)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// The plain sentence.
    package var text: String {
        pieces.map { piece in
            switch piece {
            case .text(let text): return text
            case .entity(let text, _): return text
            }
        }.joined()
    }

    /// Tokens with BIO tags; each piece is tokenised on its own so entity edges stay exact.
    package func tagged(lowercased: Bool = false) -> TaggedSentence {
        var tokens: [Token] = []
        var tags: [String] = []
        for piece in pieces {
            switch piece {
            case .text(let text):
                let pieceTokens = Tokenizer.tokenize(lowercased ? text.lowercased() : text)
                tokens += pieceTokens
                tags += Array(repeating: "O", count: pieceTokens.count)
            case .entity(let text, let label):
                let pieceTokens = Tokenizer.tokenize(lowercased ? text.lowercased() : text)
                tokens += pieceTokens
                tags += pieceTokens.indices.map { $0 == 0 ? "B-" + label : "I-" + label }
            }
        }
        return TaggedSentence(tokens: tokens, tags: tags)
    }
}

/// Multiplies hand-labelled sentences by swapping each entity for another of its kind drawn from the
/// gazetteers, so the tagger learns the sentence patterns for every occupation, tool and city, not the
/// few examples someone typed. Deterministic: the same data always gives the same training set.
package struct SlotTrainingSet {
    package var pools: [String: [String]]

    package init(gazetteer: Gazetteer) {
        func values(_ dictionary: [String: String], limit: Int = 40) -> [String] {
            Array(Set(dictionary.values.filter { $0.count <= limit && !$0.contains("(") })).sorted()
        }
        let places = gazetteer.places.values.filter { $0.isCountry || $0.population >= 300_000 }.map(\.name)
        pools = [
            "ROLE": values(gazetteer.titles, limit: 32),
            "SKILL": values(gazetteer.skills, limit: 28) + values(gazetteer.tools, limit: 28),
            "CERT": values(gazetteer.certifications)
                + gazetteer.certifications.keys.filter { $0.count <= 6 }.map { $0.uppercased() }.sorted(),
            "LOC": Array(Set(places)).sorted(),
            "LANG": values(gazetteer.languages),
            "NAME": Self.names,
            "YEARS": ["2 years", "five years", "10+ years", "3 yrs", "twelve years", "7 years", "1 year", "15 years"],
            "SALARY": ["80k", "$95,000", "€60k", "120k", "£45,000", "70,000 dollars", "$40 an hour", "55k EUR", "100k", "$30/hour"],
        ]
        for (label, pool) in pools where pool.isEmpty { pools[label] = nil }
    }

    /// The sentences as written plus `variants` copies of each with swapped entities; about a third
    /// of the copies are lower-cased, as people type.
    package func sentences(from annotated: [AnnotatedSentence], variants: Int) -> [TaggedSentence] {
        var generator = SplitMix64(seed: 0xDA7A)
        var result: [TaggedSentence] = []
        result.reserveCapacity(annotated.count * (variants + 1))
        for sentence in annotated {
            result.append(sentence.tagged())
            for _ in 0..<variants {
                let pieces = sentence.pieces.map { piece -> AnnotatedSentence.Piece in
                    guard case .entity(let text, let label) = piece, let pool = pools[label],
                        Double.random(in: 0..<1, using: &generator) < 0.8,
                        let replacement = pool.randomElement(using: &generator)
                    else { return piece }
                    return .entity(label == "SKILL" || label == "ROLE" ? Self.casual(replacement, text) : replacement, label: label)
                }
                let lower = Double.random(in: 0..<1, using: &generator) < 0.35
                result.append(AnnotatedSentence(pieces: pieces).tagged(lowercased: lower))
            }
        }
        return result
    }

    /// A catalog name in the casing of the word it replaces: a role typed in lower case stays lower case.
    private static func casual(_ replacement: String, _ original: String) -> String {
        original == original.lowercased() ? replacement.lowercased() : replacement
    }

    static let names = [
        "Ada Lovelace", "Sam", "Maria Garcia", "Wei Zhang", "Aisha Bello", "Tom", "Priya Patel", "José Álvarez",
        "Olga Ivanova", "Kenji Sato", "Fatima Khan", "Liam O'Brien", "Chloé Martin", "Noah", "Amara Okafor",
        "Jonas Weber", "Mei", "Carlos", "Ingrid Berg", "Dmitri", "Grace Hopper", "Ahmed Hassan", "Lucía", "Kwame",
    ]
}
