import Assistant
import Foundation

/// The seed's REST endpoints, each a thin mirror of one chat tool: the JSON body (or, for GET, the query)
/// becomes the tool's arguments, so REST and chat share one implementation.
struct RESTRoute: Sendable {
    let method: String
    let path: String
    let tool: String
    let summary: String

    static let all: [RESTRoute] = [
        RESTRoute(method: "GET", path: "/profile", tool: "get_profile", summary: "Your profile"),
        RESTRoute(method: "POST", path: "/profile", tool: "update_profile", summary: "Create or update your profile"),
        RESTRoute(method: "PUT", path: "/profile", tool: "update_profile", summary: "Update your profile"),
        RESTRoute(method: "POST", path: "/jobs/search", tool: "search_jobs", summary: "Search job postings"),
        RESTRoute(method: "GET", path: "/jobs/recommendations", tool: "recommend_jobs", summary: "Postings that fit your profile"),
        RESTRoute(method: "POST", path: "/resume/analyze", tool: "analyze_resume", summary: "Score a resume and list fixes"),
        RESTRoute(method: "POST", path: "/resume/optimize", tool: "optimize_resume", summary: "Tailor a resume to a posting"),
        RESTRoute(method: "POST", path: "/cover-letter/generate", tool: "write_cover_letter", summary: "Write a cover letter"),
        RESTRoute(method: "POST", path: "/interview/prepare", tool: "interview_prep", summary: "Interview questions and preparation"),
        RESTRoute(method: "GET", path: "/analytics/job-market", tool: "market_insights", summary: "Wages, demand and skills for a role"),
        RESTRoute(method: "POST", path: "/analytics/career-advice", tool: "career_advice", summary: "Career paths and next steps"),
    ]

    static func find(method: String, path: String) -> RESTRoute? {
        all.first { $0.method == method && $0.path == path }
    }

    static func knows(path: String) -> Bool { all.contains { $0.path == path } }

    enum ArgumentError: Error, Equatable {
        case notAnObject
        case invalidJSON
    }

    /// Tool arguments from a request: the body must be a JSON object (empty means `{}`); a query's values
    /// become numbers or booleans when they read as such, because tools decode typed arguments.
    func arguments(body: String, query: String?) throws(ArgumentError) -> JSONValue {
        if method == "GET" {
            var fields: [String: JSONValue] = [:]
            for pair in (query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                guard let key = parts.first, !key.isEmpty else { continue }
                fields[key] = Self.typed(parts.count > 1 ? parts[1] : "")
            }
            return .object(fields)
        }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .object([:]) }
        guard let value = try? JSONValue.parse(body) else { throw .invalidJSON }
        guard case .object = value else { throw .notAnObject }
        return value
    }

    private static func typed(_ text: String) -> JSONValue {
        if text == "true" || text == "false" { return .bool(text == "true") }
        if let number = Double(text), number.isFinite, text.first != "+" { return .number(number) }
        return .string(text)
    }
}
