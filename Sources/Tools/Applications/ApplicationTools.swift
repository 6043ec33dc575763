import Assistant
import Foundation
import Storage

/// Saves a job or records an application's new status.
package struct TrackApplicationTool: Tool {
    let applications: any ApplicationStore
    let jobs: any JobStore

    package init(applications: any ApplicationStore, jobs: any JobStore) {
        self.applications = applications
        self.jobs = jobs
    }

    package let name = "track_application"
    package let description = "Saves a job or records an application's status with an optional note."
    package var parameters: JSONValue {
        Schema.object([
            "job_ref": Schema.jobReference, "company": Schema.string("Company name."), "role": Schema.string("Job title."),
            "status": Schema.string("New status (default saved).", oneOf: Application.Status.allCases.map(\.rawValue)),
            "note": Schema.string("A note to keep with the application."),
        ])
    }

    struct Arguments: Decodable {
        var jobRef: JobReference?
        var company: String?
        var role: String?
        var status: String?
        var note: String?
        enum CodingKeys: String, CodingKey {
            case company, role, status, note
            case jobRef = "job_ref"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let status = try arguments.status.map { try Application.Status.parse($0, tool: name) } ?? .saved
        if let note = arguments.note, note.count > 2_000 {
            throw ToolError.invalidArguments(tool: name, reason: "note is longer than 2,000 characters")
        }
        let update: ApplicationUpdate
        if let posting = try await JobReferenceResolver(jobs: jobs).posting(arguments.jobRef, context: context, tool: name) {
            update = ApplicationUpdate(
                jobID: posting.id, company: posting.company, title: posting.title, url: posting.url, status: status, note: arguments.note)
        } else if let company = arguments.company?.trimmingCharacters(in: .whitespaces), !company.isEmpty {
            let existing = try await applications.list(userID: context.userID, status: nil)
                .first {
                    $0.company.lowercased() == company.lowercased()
                        && (arguments.role == nil || $0.title.lowercased() == arguments.role?.lowercased())
                }
            update = ApplicationUpdate(
                jobID: existing?.jobID, company: existing?.company ?? company,
                title: existing?.title ?? arguments.role?.trimmingCharacters(in: .whitespaces) ?? "(role not given)",
                status: status, note: arguments.note)
        } else if case .current? = arguments.jobRef {
            throw ToolError.failed("Which job? Say its number from the last results, or the company.")
        } else {
            throw ToolError.failed(
                "Which job? Say its number from the last results (\"save the second one\") or the company (\"I applied to Stripe\").")
        }
        let (application, created) = try await applications.record(update, userID: context.userID)
        return ToolOutput(content: [
            "company": .string(application.company), "title": .string(application.title),
            "status": .string(application.status.rawValue), "created": .bool(created),
            "follow_up": application.followUpAt.map { .string(Self.day($0)) } ?? .null,
        ])
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE d MMM"
        return formatter.string(from: date)
    }
}

/// Lists tracked applications with the funnel and due follow-ups.
package struct ListApplicationsTool: Tool {
    let applications: any ApplicationStore

    package init(applications: any ApplicationStore) {
        self.applications = applications
    }

    package let name = "list_applications"
    package let description = "Lists tracked applications, optionally by status, with the funnel and due follow-ups."
    package var parameters: JSONValue {
        Schema.object(["status": Schema.string("Only this status.", oneOf: Application.Status.allCases.map(\.rawValue))])
    }

    struct Arguments: Decodable {
        var status: String?
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let status = try arguments.status.map { try Application.Status.parse($0, tool: name) }
        let all = try await applications.list(userID: context.userID, status: nil)
        let shown = status.map { wanted in all.filter { $0.status == wanted } } ?? all
        let now = context.clock.now()
        let items: [JSONValue] = shown.enumerated().map { index, application in
            var fields: [String: JSONValue] = [
                "n": .number(Double(index + 1)), "company": .string(application.company), "title": .string(application.title),
                "status": .string(application.status.rawValue),
                "since": .string(Self.ago(application.updatedAt, now: now)),
            ]
            if let note = application.note { fields["note"] = .string(note) }
            if let due = application.followUpAt, due <= now { fields["follow_up_due"] = true }
            return .object(fields)
        }
        let due = all.filter { ($0.followUpAt ?? .distantFuture) <= now }.count
        return ToolOutput(
            content: [
                "applications": .array(items), "count": .number(Double(shown.count)),
                "funnel": .string(ApplicationFunnel(all).summary), "follow_ups_due": .number(Double(due)),
                "filter": status.map { .string($0.rawValue) } ?? .null,
            ],
            references: shown.compactMap { application in
                application.jobID.map {
                    ResultReference(kind: "job", id: String($0), title: "\(application.title) — \(application.company)")
                }
            }.nilIfEmpty)
    }

    static func ago(_ date: Date, now: Date) -> String {
        let days = Int(now.timeIntervalSince(date) / 86_400)
        return days == 0 ? "today" : days == 1 ? "1 day ago" : "\(days) days ago"
    }
}

extension Application.Status {
    /// A status named by a model or a user, or an error listing the valid ones.
    static func parse(_ value: String, tool: String) throws -> Application.Status {
        guard let status = Application.Status(rawValue: value.lowercased()) else {
            throw ToolError.invalidArguments(
                tool: tool, reason: "status must be one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }
}

extension Array {
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
