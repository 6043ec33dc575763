import Foundation

/// What is known about a model: its context window and its price per million tokens.
package struct ModelInfo: Sendable, Equatable {
    package var contextTokens: Int
    /// US dollars per million prompt / completion tokens; nil when unknown.
    package var inputPricePerMillion: Double?
    package var outputPricePerMillion: Double?

    package func cost(of usage: UsageTotal) -> Double? {
        guard let input = inputPricePerMillion, let output = outputPricePerMillion else { return nil }
        return (Double(usage.promptTokens) * input + Double(usage.completionTokens) * output) / 1_000_000
    }
}

/// Models by name prefix, read from a TSV (`data/model_catalog.tsv`, or the user's `--prices` file).
/// The longest matching prefix wins, so "gpt-4o-mini-2024-07-18" finds "gpt-4o-mini", not "gpt-4o".
package struct ModelCatalog: Sendable {
    package enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case badRow(file: String, line: Int, reason: String)

        package var description: String {
            switch self {
            case .unreadable(let path): return "cannot read the model price table \(path)"
            case .badRow(let file, let line, let reason): return "\(file) line \(line): \(reason)"
            }
        }
    }

    private var entries: [(prefix: String, info: ModelInfo)]
    /// Used for models the catalog does not know.
    package var fallback = ModelInfo(contextTokens: 8_192)

    package init(entries: [(prefix: String, info: ModelInfo)] = []) {
        self.entries = entries.sorted { $0.prefix.count > $1.prefix.count }
    }

    package func info(for model: String) -> ModelInfo {
        let name = model.lowercased()
        return entries.first { name.hasPrefix($0.prefix) }?.info ?? fallback
    }

    /// Adds or replaces entries from another table (a user's overrides).
    package mutating func merge(_ other: ModelCatalog) {
        let replaced = Set(other.entries.map(\.prefix))
        self = ModelCatalog(entries: entries.filter { !replaced.contains($0.prefix) } + other.entries)
    }

    /// Columns: model_prefix, context_tokens, input_usd_per_1m, output_usd_per_1m (prices may be empty).
    package static func load(_ file: URL) throws -> ModelCatalog {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { throw LoadError.unreadable(file.path) }
        var entries: [(String, ModelInfo)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("model_prefix") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= 2, !fields[0].isEmpty, let context = Int(fields[1]), context > 0 else {
                throw LoadError.badRow(
                    file: file.lastPathComponent, line: number + 1,
                    reason: "expected model_prefix<TAB>context_tokens[<TAB>input<TAB>output]")
            }
            func price(_ index: Int) throws -> Double? {
                guard fields.count > index, !fields[index].isEmpty else { return nil }
                guard let value = Double(fields[index]), value >= 0 else {
                    throw LoadError.badRow(
                        file: file.lastPathComponent, line: number + 1, reason: "price \"\(fields[index])\" is not a number")
                }
                return value
            }
            entries.append(
                (
                    fields[0].lowercased(),
                    ModelInfo(contextTokens: context, inputPricePerMillion: try price(2), outputPricePerMillion: try price(3))
                ))
        }
        return ModelCatalog(entries: entries)
    }
}
