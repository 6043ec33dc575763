import Assistant
import Foundation

/// Tools with predictable behaviour for engine tests.
public struct EchoTool: Tool {
    public let name: String
    public let description = "Returns its arguments."
    public var parameters: JSONValue { ["type": "object"] }
    let delay: Duration
    let log: CallLog?

    public init(name: String = "echo", delay: Duration = .zero, log: CallLog? = nil) {
        self.name = name
        self.delay = delay
        self.log = log
    }

    public func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        await log?.record("start \(name)")
        if delay > .zero { try await Task.sleep(for: delay) }
        await log?.record("end \(name)")
        return ToolOutput(content: ["echo": .string(arguments), "user": .number(Double(context.userID))])
    }
}

public struct FailingTool: Tool {
    public let name = "broken"
    public let description = "Always fails."
    public var parameters: JSONValue { ["type": "object"] }

    public init() {}

    public func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        throw ToolError.failed("the index is offline")
    }
}

/// A tool that publishes numbered results, for reference resolution tests.
public struct ListingTool: Tool {
    public let name = "list_things"
    public let description = "Lists three things."
    public var parameters: JSONValue { ["type": "object"] }

    public init() {}

    public func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let references = (1...3).map { ResultReference(kind: "job", id: "job-\($0)", title: "Job \($0)") }
        return ToolOutput(content: ["count": 3], references: references)
    }
}

/// Records the order of events across concurrently running tools.
public actor CallLog {
    public private(set) var entries: [String] = []
    public init() {}
    public func record(_ entry: String) { entries.append(entry) }
}
