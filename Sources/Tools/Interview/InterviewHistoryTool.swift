import Assistant
import Foundation
import Storage

/// "How did my last interview go?": past mock interviews from storage, newest first. Starts nothing.
package struct InterviewHistoryTool: Tool {
    let store: any InterviewStore

    package init(store: any InterviewStore) {
        self.store = store
    }

    package let name = "interview_history"
    package let description = "Lists the user's past and paused mock interviews with their scores. Starts nothing."
    package var parameters: JSONValue {
        Schema.object(["limit": Schema.integer("How many interviews to list (default 5).", minimum: 1, maximum: 50)])
    }

    struct Arguments: Decodable {
        var limit: Int?
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let limit = try decodeArguments(Arguments.self, from: arguments).limit ?? 5
        guard (1...50).contains(limit) else { throw ToolError.invalidArguments(tool: name, reason: "limit must be between 1 and 50") }
        let records = try await store.list(userID: context.userID).sorted { $0.id > $1.id }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let listed: [JSONValue] = records.prefix(limit).map { record in
            var fields: [String: JSONValue] = [
                "role": .string(record.role), "type": .string(record.type.replacingOccurrences(of: "_", with: " ")),
                "date": .string(formatter.string(from: record.createdAt)), "status": .string(record.status.rawValue),
            ]
            if let score = record.score { fields["score"] = .string(String(format: "%.1f", score)) }
            if let session = try? JSONDecoder().decode(InterviewSession.self, from: Data(record.state.utf8)) {
                fields["progress"] = .string(session.progress)
                fields["answered"] = .number(Double(session.answers.count))
            }
            return .object(fields)
        }
        var content: [String: JSONValue] = ["interviews": .array(listed), "count": .number(Double(records.count))]
        if let open = records.first(where: { $0.status != .ended }) {
            content["unfinished"] = .string("\(open.role) (\(open.status.rawValue))")
        }
        return ToolOutput(content: .object(content))
    }
}
