import Foundation

/// The tools a conversation may call, by name, in registration order.
public struct ToolRegistry: Sendable {
    private var tools: [String: any Tool] = [:]
    private var order: [String] = []

    public init(_ tools: [any Tool] = []) {
        for tool in tools { register(tool) }
    }

    /// Registers a tool; a later tool with the same name replaces the earlier one.
    public mutating func register(_ tool: any Tool) {
        if tools[tool.name] == nil { order.append(tool.name) }
        tools[tool.name] = tool
    }

    public func tool(named name: String) -> (any Tool)? { tools[name] }

    public var names: [String] { order }

    public var schemas: [ToolSchema] { order.compactMap { tools[$0]?.schema } }

    /// Runs one call. Every failure becomes a JSON error result for the model instead of a thrown error,
    /// because a broken tool must not end the user's turn.
    public func run(_ call: ToolCall, context: ToolContext) async -> (output: ToolOutput, failed: Bool) {
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
