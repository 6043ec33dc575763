import Assistant
import Foundation
import Synchronization

/// A model that plays back a script, one step per model call, and records every request it saw.
package final class ScriptedChatModel: ChatModel, Sendable {
    package enum Step: Sendable {
        case text(String)
        case toolCalls([ToolCall])
        /// Raw events, for streaming edge cases.
        case events([ModelEvent])
        case failure(String)
        /// Waits (cancellably) before answering with the text.
        case slowText(String, delay: Duration)
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package let name = "scripted"
    private let script: Mutex<(steps: [Step], seen: [ChatRequest])>
    /// Played when the script has run out.
    private let fallback: Step

    package init(_ steps: [Step], whenExhausted fallback: Step = .text("(script exhausted)")) {
        script = Mutex((steps, []))
        self.fallback = fallback
    }

    package var requests: [ChatRequest] { script.withLock { $0.seen } }

    package func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error> {
        let step: Step = script.withLock { script in
            script.seen.append(request)
            return script.steps.isEmpty ? fallback : script.steps.removeFirst()
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                switch step {
                case .text(let text):
                    continuation.yield(.textDelta(text))
                    continuation.yield(.finish(.stop))
                case .toolCalls(let calls):
                    for (index, call) in calls.enumerated() {
                        continuation.yield(.toolCallDelta(index: index, id: call.id, name: call.name, arguments: call.arguments))
                    }
                    continuation.yield(.finish(.toolCalls))
                case .events(let events):
                    for event in events { continuation.yield(event) }
                case .failure(let message):
                    continuation.finish(throwing: Failure(description: message))
                    return
                case .slowText(let text, let delay):
                    do {
                        try await Task.sleep(for: delay)
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                    continuation.yield(.textDelta(text))
                    continuation.yield(.finish(.stop))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
