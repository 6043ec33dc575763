import Assistant
import Foundation

/// A tool whose schema is final but whose implementation lands with a later issue. It is registered
/// so models learn the full tool set now, and it answers with a clear "not available yet".
public struct PlannedTool: Tool {
    public let name: String
    public let description: String
    public let parameters: JSONValue
    let arrives: String

    public func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        throw ToolError.notAvailableYet(tool: Self.readableName[name] ?? name, reason: arrives)
    }

    static let readableName: [String: String] = [
        "search_jobs": "Job search", "recommend_jobs": "Job recommendations", "analyze_resume": "Resume analysis",
        "optimize_resume": "Resume optimisation", "write_cover_letter": "Cover letter writing",
        "start_mock_interview": "Mock interviews", "answer_interview": "Mock interviews",
        "end_interview": "Mock interviews", "interview_prep": "Interview prep", "career_advice": "Career advice",
        "market_insights": "Market insight", "track_application": "Application tracking",
        "list_applications": "Application tracking",
    ]
}
