import Foundation

/// The tools a conversation may call, by name, in registration order.
package struct ToolRegistry: Sendable {
    private var tools: [String: any Tool] = [:]
    private var order: [String] = []
    /// Descriptions from prompts/tools/, which replace the ones compiled into the tools.
    private var descriptions: [String: String] = [:]

    package init(_ tools: [any Tool] = []) {
        for tool in tools { register(tool) }
    }

    /// Registers a tool; a later tool with the same name replaces the earlier one.
    package mutating func register(_ tool: any Tool) {
        if tools[tool.name] == nil { order.append(tool.name) }
        tools[tool.name] = tool
    }

    package func tool(named name: String) -> (any Tool)? { tools[name] }

    package var names: [String] { order }

    package var schemas: [ToolSchema] {
        order.compactMap { name in
            guard var schema = tools[name]?.schema else { return nil }
            if let description = descriptions[name] { schema.description = description }
            return schema
        }
    }

    /// Uses the given descriptions (by tool name) instead of the compiled-in ones; unknown names are ignored.
    package mutating func describe(_ overrides: [String: String]) {
        for (name, text) in overrides where tools[name] != nil {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { descriptions[name] = trimmed }
        }
    }

    /// Reads `<name>.md` files from a folder (prompts/tools/); a missing folder changes nothing.
    package mutating func describe(fromFolder folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        var overrides: [String: String] = [:]
        for name in names where name.hasSuffix(".md") {
            let url = folder.appendingPathComponent(name)
            if let text = try? String(contentsOf: url, encoding: .utf8) { overrides[String(name.dropLast(3))] = text }
        }
        describe(overrides)
    }

    /// Runs one call. Every failure becomes a JSON error result for the model instead of a thrown error,
    /// because a broken tool must not end the user's turn.
    package func run(_ call: ToolCall, context: ToolContext) async -> (output: ToolOutput, failed: Bool) {
        guard let tool = tools[call.name] else {
            return (Self.errorOutput(.unknownTool(call.name)), true)
        }
        do {
            return (try await tool.call(arguments: call.arguments, context: context), false)
        } catch let error as ToolError {
            return (Self.errorOutput(error), true)
        } catch is CancellationError {
            return (Self.errorOutput(.failed("The call was cancelled.")), true)
        } catch {
            context.logger.error("tool failed", metadata: ["tool.name": "\(call.name)", "error": "\(error)"])
            return (Self.errorOutput(.failed("\(call.name) failed: \(error.localizedDescription)")), true)
        }
    }

    static func errorOutput(_ error: ToolError) -> ToolOutput {
        ToolOutput(content: ["error": .string(error.description), "error_code": .string(error.code)])
    }
}
