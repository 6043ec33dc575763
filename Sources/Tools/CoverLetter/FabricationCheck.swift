import Foundation

/// Finds what a generated text states that the user's own documents do not: numbers, and capitalised
/// names (employers, products, degrees) that appear nowhere in the sources.
package enum FabricationCheck {
    package static func unsupported(in draft: String, sources: [String]) -> [String] {
        let corpus = sources.joined(separator: "\n").lowercased()
        var flagged: [String] = []
        for line in draft.split(separator: "\n") {
            // Each line starts a sentence, after any bullet or heading marker.
            var sentenceStart = true
            var inPlaceholder = false
            for token in line.split(whereSeparator: { $0.isWhitespace }) {
                if ["-", "*", "•", "#", "##", "###"].contains(String(token)) { continue }
                // "[add a figure]" placeholders are for the user to fill, not claims.
                if token.hasPrefix("[") { inPlaceholder = true }
                defer {
                    if token.contains("]") { inPlaceholder = false }
                    sentenceStart = token.hasSuffix(".") || token.hasSuffix("!") || token.hasSuffix("?") || token.hasSuffix(":")
                }
                if inPlaceholder { continue }
                let word = token.trimmingCharacters(in: CharacterSet.punctuationCharacters.subtracting(CharacterSet(charactersIn: "%$+#")))
                guard !word.isEmpty else { continue }
                let hasDigit = word.contains(where: \.isNumber)
                let isName = word.first?.isUppercase == true && !sentenceStart && !commonCapitalised.contains(word)
                guard hasDigit || isName else { continue }
                if !corpus.contains(word.lowercased()) && !flagged.contains(word) { flagged.append(word) }
            }
        }
        return flagged
    }

    static let commonCapitalised: Set<String> = [
        "I", "I'm", "I've", "I'd", "Dear", "Hello", "Hi", "Sincerely", "Best", "Regards", "Thank", "Thanks", "Team",
        "Hiring", "Manager", "Mr", "Ms", "Mrs", "Dr", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    ]
}
