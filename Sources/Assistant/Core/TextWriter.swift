import Foundation

/// Lets a tool ask the active language model for prose (a cover letter, a rewritten bullet, interview
/// feedback) from material the tool has grounded. With the offline model there is none, and tools use
/// their own logic.
public protocol TextWriter: Sendable {
    func write(instructions: String, material: String) async throws -> String
}

/// A `TextWriter` over any `ChatModel`: one request, no tools, the streamed text collected.
public struct ModelTextWriter: TextWriter {
    let model: any ChatModel

    public init(model: any ChatModel) {
        self.model = model
    }

    public func write(instructions: String, material: String) async throws -> String {
        let request = ChatRequest(
            messages: [ChatMessage(role: .system, content: instructions), .user(material)], tools: [])
        var text = ""
        for try await event in model.stream(request) {
            if case .textDelta(let delta) = event { text += delta }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
