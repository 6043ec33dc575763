import Foundation

/// Reassembles streamed tool-call fragments into whole calls, keyed by the fragment index.
/// Some OpenAI-compatible servers repeat the id and name on every fragment, so those are set once,
/// never concatenated; only argument text is appended.
package struct ToolCallAccumulator: Sendable {
    private struct Partial: Sendable {
        var id: String?
        var name: String?
        var arguments = ""
    }

    private var partials: [Int: Partial] = [:]

    package init() {}

    package mutating func add(index: Int, id: String?, name: String?, arguments: String) {
        var partial = partials[index] ?? Partial()
        if partial.id == nil, let id, !id.isEmpty { partial.id = id }
        // Small local models pad names ("search_jobs "); a name is never legitimately spaced.
        if partial.name == nil, let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty { partial.name = name }
        partial.arguments += arguments
        partials[index] = partial
    }

    package var isEmpty: Bool { partials.isEmpty }

    /// The completed calls in index order; calls without a name are dropped, missing ids are made up.
    package func calls(idPrefix: String = "call") -> [ToolCall] {
        partials.keys.sorted().compactMap { index in
            guard let partial = partials[index], let name = partial.name else { return nil }
            return ToolCall(id: partial.id ?? "\(idPrefix)_\(index)", name: name, arguments: partial.arguments)
        }
    }
}
