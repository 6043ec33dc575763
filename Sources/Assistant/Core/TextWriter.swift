import Foundation

/// Lets a tool ask the active language model for prose (a cover letter, a rewritten bullet, interview
/// feedback) from material the tool has grounded. With the offline model there is none, and tools use
/// their own logic.
package protocol TextWriter: Sendable {
    func write(instructions: String, material: String) async throws -> String
}

/// A `TextWriter` over any `ChatModel`: one request, no tools, the streamed text collected.
package struct ModelTextWriter: TextWriter {
    let model: any ChatModel

    package init(model: any ChatModel) {
        self.model = model
    }

    package func write(instructions: String, material: String) async throws -> String {
        let request = ChatRequest(
            messages: [ChatMessage(role: .system, content: instructions), .user(material)], tools: [])
        var text = ""
        for try await event in model.stream(request) {
            if case .textDelta(let delta) = event { text += delta }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
