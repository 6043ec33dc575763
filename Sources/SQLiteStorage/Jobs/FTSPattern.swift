import Foundation

/// Text a person typed, made safe for SQL patterns. (Search words become FTS5 expressions through SearchTerms,
/// where every word is quoted, so nothing typed is query syntax.)
enum FTSPattern {
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
