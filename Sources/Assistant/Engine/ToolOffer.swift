import Foundation

/// Which tool schemas a request carries, and in what form. Sixteen full schemas are about 3,000 tokens: a model
/// with a 4k-token window would have no room left for the conversation, and a CPU server reads every one of
/// them before it answers. With a small window the offer is compact: one-sentence descriptions, no parameter
/// descriptions, and during a mock interview only the tools an interview needs.
package enum ToolOffer {
    /// Windows up to this many tokens get the compact offer.
    package static let compactWindow = 8_192

    /// Tools that matter while a mock interview runs; anything else pauses it first.
    static let interviewTools: Set<String> = [
        "answer_interview", "end_interview", "interview_history", "start_mock_interview", "get_profile",
    ]

    package static func schemas(_ all: [ToolSchema], state: ConversationState, compact: Bool) -> [ToolSchema] {
        guard compact else { return all }
        let relevant = state.mode.isInterview ? all.filter { interviewTools.contains($0.name) } : all
        return relevant.map(compacted)
    }

    /// The first sentence of the description; the parameters without their descriptions (names, types, enums and
    /// `required` carry most of the meaning).
    package static func compacted(_ schema: ToolSchema) -> ToolSchema {
        var compact = schema
        compact.description = firstSentence(schema.description)
        compact.parameters = withoutDescriptions(schema.parameters)
        return compact
    }

    /// About four characters a token over the JSON the server receives, as `ContextWindow` counts messages.
    package static func estimatedTokens(_ schemas: [ToolSchema]) -> Int {
        schemas.reduce(0) { total, schema in
            let function: JSONValue = [
                "name": .string(schema.name), "description": .string(schema.description), "parameters": schema.parameters,
            ]
            return total + (#"{"type":"function","function":"#.count + function.jsonText.count + 1) / 4
        }
    }

    static func firstSentence(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        if let end = flat.range(of: ". ") { return String(flat[..<end.lowerBound]) + "." }
        return flat.count <= 200 ? flat : String(flat.prefix(197)) + "..."
    }

    /// A JSON Schema without its prose. Keys under `properties` are parameter names (one may well be called
    /// "description"), so only the schemas they map to are stripped.
    static func withoutDescriptions(_ schema: JSONValue) -> JSONValue {
        guard case .object(let fields) = schema else { return schema }
        var kept: [String: JSONValue] = [:]
        for (key, field) in fields where key != "description" && key != "examples" {
            switch (key, field) {
            case ("properties", .object(let properties)): kept[key] = .object(properties.mapValues(withoutDescriptions))
            case ("items", _): kept[key] = withoutDescriptions(field)
            case ("anyOf", .array(let options)), ("oneOf", .array(let options)): kept[key] = .array(options.map(withoutDescriptions))
            default: kept[key] = field
            }
        }
        return .object(kept)
    }
}
