import Storage

/// PostgreSQL's spellings of the merge primitives: jsonb concatenation, and GREATEST, which skips NULLs.
struct PostgresMergeDialect: SQLMergeDialect {
    func later(_ stored: String, _ incoming: String) -> String { "GREATEST(\(incoming), \(stored))" }

    func unionObject(_ stored: String, _ incoming: String) -> String { "(\(stored)::jsonb || \(incoming)::jsonb)::text" }

    func appendName(list: String, name: String) -> String {
        "CASE WHEN position('\"' || \(name) || '\"' IN \(list)) > 0 THEN \(list) ELSE (\(list)::jsonb || to_jsonb(\(name)))::text END"
    }
}
