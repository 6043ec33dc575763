/// What a posting seen again keeps of the stored copy and takes from the new one, column by column. The rules are
/// written once, here; each database backend only says how its SQL spells the few primitives that differ.
package struct JobMergePolicy: Sendable {
    package enum Rule: Sendable, Equatable {
        /// The stored value unless it is missing: a classification once made is not undone by a re-import.
        case keepStored
        /// The new value unless it is missing: boards correct salaries and links.
        case preferIncoming
        /// The longer text of the two: one board truncates what another gives whole.
        case longerText
        /// The later of two timestamps, either one may be missing.
        case later
        /// A JSON object: the stored keys with the new one's added (the new value wins a shared key).
        case unionObject
        /// A JSON list of names: the stored list with the new row's `column` value appended when absent.
        case appendName(column: String)
        /// Always the new value.
        case replace
    }

    package struct Assignment: Sendable, Equatable {
        package let column: String
        package let rule: Rule
    }

    package let assignments: [Assignment]

    /// How the job index merges a posting whose dedup key is already stored.
    package static let postings = JobMergePolicy(assignments: [
        .init(column: "occupation_code", rule: .keepStored),
        .init(column: "links", rule: .unionObject),
        .init(column: "url", rule: .preferIncoming),
        .init(column: "sources", rule: .appendName(column: "source")),
        .init(column: "description", rule: .longerText),
        .init(column: "skills", rule: .longerText),
        .init(column: "salary_min", rule: .preferIncoming),
        .init(column: "salary_max", rule: .preferIncoming),
        .init(column: "salary_currency", rule: .preferIncoming),
        .init(column: "salary_period", rule: .preferIncoming),
        .init(column: "annual_min", rule: .preferIncoming),
        .init(column: "annual_max", rule: .preferIncoming),
        .init(column: "posted_at", rule: .later),
        .init(column: "indexed_at", rule: .replace),
    ])

    /// The `SET` list of an `INSERT … ON CONFLICT … DO UPDATE` in the given dialect, where `table` names the stored
    /// row and `excluded` the new one.
    package func setClause(table: String, dialect: some SQLMergeDialect) -> String {
        assignments.map { assignment in
            let stored = "\(table).\(assignment.column)"
            let incoming = "excluded.\(assignment.column)"
            let value: String =
                switch assignment.rule {
                case .keepStored: "COALESCE(\(stored), \(incoming))"
                case .preferIncoming: "COALESCE(\(incoming), \(stored))"
                case .longerText: "CASE WHEN length(\(incoming)) > length(\(stored)) THEN \(incoming) ELSE \(stored) END"
                case .later: dialect.later(stored, incoming)
                case .unionObject: dialect.unionObject(stored, incoming)
                case .appendName(let column): dialect.appendName(list: stored, name: "excluded.\(column)")
                case .replace: incoming
                }
            return "\(assignment.column) = \(value)"
        }.joined(separator: ",\n")
    }
}

/// The spellings of the merge primitives that differ between SQL dialects. Columns hold JSON as text in both.
package protocol SQLMergeDialect {
    /// The later of two timestamps; either may be NULL.
    func later(_ stored: String, _ incoming: String) -> String
    /// Two JSON objects merged, the incoming one's keys winning.
    func unionObject(_ stored: String, _ incoming: String) -> String
    /// A JSON list of strings with `name` appended unless it is in the list already.
    func appendName(list: String, name: String) -> String
}
