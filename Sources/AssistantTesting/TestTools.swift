import Assistant
import Foundation

/// Tools with predictable behaviour for engine tests.
package struct EchoTool: Tool {
    package let name: String
    package let description = "Returns its arguments."
    package var parameters: JSONValue { ["type": "object"] }
    let delay: Duration
    let log: CallLog?

    package init(name: String = "echo", delay: Duration = .zero, log: CallLog? = nil) {
        self.name = name
        self.delay = delay
        self.log = log
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        await log?.record("start \(name)")
        if delay > .zero { try await Task.sleep(for: delay) }
        await log?.record("end \(name)")
        return ToolOutput(content: ["echo": .string(arguments), "user": .number(Double(context.userID))])
    }
}

package struct FailingTool: Tool {
    package let name = "broken"
    package let description = "Always fails."
    package var parameters: JSONValue { ["type": "object"] }

    package init() {}

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        throw ToolError.failed("the index is offline")
    }
}

/// A tool that publishes numbered results, for reference resolution tests.
package struct ListingTool: Tool {
    package let name = "list_things"
    package let description = "Lists three things."
    package var parameters: JSONValue { ["type": "object"] }

    package init() {}

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let references = (1...3).map { ResultReference(kind: "job", id: "job-\($0)", title: "Job \($0)") }
        return ToolOutput(content: ["count": 3], references: references)
    }
}

/// Records the order of events across concurrently running tools.
package actor CallLog {
    package private(set) var entries: [String] = []
    package init() {}
    package func record(_ entry: String) { entries.append(entry) }
}

/// Two calls of this tool only finish if they run at the same time: each waits (up to `timeout`)
/// for the other to arrive. Run one after the other, the first one times out and says so.
package struct RendezvousTool: Tool {
    package let name: String
    package let description = "Meets its twin."
    package var parameters: JSONValue { ["type": "object"] }
    let point: Rendezvous

    package init(name: String, point: Rendezvous) {
        self.name = name
        self.point = point
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let met = await point.arriveAndWait(timeout: .seconds(5))
        return ToolOutput(content: ["met": .bool(met)])
    }
}

package actor Rendezvous {
    private let expected: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    package init(expected: Int) {
        self.expected = expected
    }

    /// True when all parties arrived before the timeout.
    package func arriveAndWait(timeout: Duration) async -> Bool {
        arrived += 1
        if arrived >= expected {
            for waiter in waiting { waiter.resume() }
            waiting = []
            return true
        }
        let deadline = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.releaseAll()
        }
        await withCheckedContinuation { waiting.append($0) }
        deadline.cancel()
        return arrived >= expected
    }

    private func releaseAll() {
        for waiter in waiting { waiter.resume() }
        waiting = []
    }
}
