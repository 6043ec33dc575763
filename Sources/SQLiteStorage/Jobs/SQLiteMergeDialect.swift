import Storage

/// SQLite's spellings of the merge primitives: JSON1 functions, and the scalar MAX.
struct SQLiteMergeDialect: SQLMergeDialect {
    func later(_ stored: String, _ incoming: String) -> String {
        // MAX with a NULL argument is NULL in SQLite, so each side falls back to the other first.
        "MAX(COALESCE(\(incoming), \(stored)), COALESCE(\(stored), \(incoming)))"
    }

    func unionObject(_ stored: String, _ incoming: String) -> String { "json_patch(\(stored), \(incoming))" }

    func appendName(list: String, name: String) -> String {
        "CASE WHEN instr(\(list), '\"' || \(name) || '\"') > 0 THEN \(list) ELSE json_insert(\(list), '$[#]', \(name)) END"
    }
}
