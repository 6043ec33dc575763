import Foundation

/// A message that says something about the person and asks for something in one breath: "I drive trucks and
/// have a CDL class A, find trucking jobs", "I'm a registered nurse in Chicago. Can you recommend jobs?". Routed
/// whole, one of the two wins and the other is lost; split where a request starts, both are done: the profile
/// first, so the request already sees it. The other order ("find trucking jobs, I have a CDL") splits too.
enum CompoundMessage {
    /// Words a request starts with. A split is tried only before one of these, so "I want to find a job as a nurse"
    /// or "I'm looking for something remote" stay one statement.
    static let requestStarts = [
        "find", "search", "show", "look", "recommend", "suggest", "get", "give", "list", "match", "any", "what", "which",
        "can", "could", "would", "will", "please", "help", "write", "draft", "start", "quiz", "prepare", "tailor",
        "review", "check", "how",
    ]

    /// Words that may sit between the break and the request ("…, so please find …", "… and then show …").
    static let connectors = ["and", "so", "then", "now", "also", "but", "please", "just", "pls"]

    private static let pattern: NSRegularExpression? = {
        let starts = requestStarts.joined(separator: "|")
        let joins = connectors.joined(separator: "|")
        // A comma, semicolon or sentence end, or a bare "and"/"so"/"then", then optional connectors, then a request
        // word, or (after punctuation) "I" or "my" starting a statement.
        let source =
            #"(?:[,;.!?]+\s+(?:(?:\#(joins))\s+)*(?=(?:\#(starts)|i|my)\b)|\s+(?:and|so|then)\s+(?:(?:\#(joins))\s+)*(?=(?:\#(starts))\b))"#
        return try? NSRegularExpression(pattern: source, options: [.caseInsensitive])
    }()

    /// Every way to cut `text` into a statement and a request, the earliest cut first. Both halves keep at least
    /// two words.
    static func splits(_ text: String) -> [(head: String, tail: String)] {
        guard let pattern else { return [] }
        let whole = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: whole).compactMap { match in
            guard let cut = Range(match.range, in: text) else { return nil }
            let head = text[..<cut.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            let tail = text[cut.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            guard head.split(separator: " ").count >= 2, tail.split(separator: " ").count >= 2 else { return nil }
            return (head, tail)
        }
    }
}
