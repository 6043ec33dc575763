import ArgumentParser
import Foundation
import Storage
import Tools

struct ApplicationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "applications",
        abstract: "List or export the applications you track.",
        subcommands: [List.self, Export.self],
        defaultSubcommand: List.self
    )

    struct Common: ParsableArguments {
        @Option(name: .long, help: "Whose applications.")
        var user: String = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "me"

        @OptionGroup var index: IndexOptions

        func load(status: String?) async throws -> [Application] {
            let wanted = try status.map { value -> Application.Status in
                guard let status = Application.Status(rawValue: value.lowercased()) else {
                    throw ValidationError("--status must be one of \(Application.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
            let (stores, _) = try await index.open()
            let owner = try await stores.users.user(named: user)
            return try await stores.applications.list(userID: owner.id, status: wanted)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print tracked applications and the funnel.")

        @Option(name: .long, help: "Only this status (saved, applied, interviewing, offer, rejected, withdrawn).")
        var status: String?

        @OptionGroup var common: Common

        func run() async throws {
            let applications = try await common.load(status: status)
            if applications.isEmpty { print("No applications tracked\(status.map { " with status \($0)" } ?? "").") }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            for (number, application) in applications.enumerated() {
                let due =
                    application.followUpAt.map { $0 <= Date() ? " · follow-up due" : " · follow up \(formatter.string(from: $0))" } ?? ""
                print(
                    "\(number + 1). \(application.title) — \(application.company): \(application.status.rawValue) since \(formatter.string(from: application.updatedAt))\(due)"
                )
            }
            if !applications.isEmpty { print("Funnel: \(ApplicationFunnel(applications).summary)") }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write tracked applications as CSV to standard output.")

        @Flag(name: .long, help: "CSV (the only format so far; kept explicit for scripts).")
        var csv = false

        @OptionGroup var common: Common

        func run() async throws {
            let applications = try await common.load(status: nil)
            let formatter = ISO8601DateFormatter()
            var lines = ["company,title,status,created_at,updated_at,follow_up_at,url,note,history"]
            for application in applications {
                let history = application.events.map { "\($0.status.rawValue)@\(formatter.string(from: $0.at))" }.joined(separator: " ")
                let fields = [
                    application.company, application.title, application.status.rawValue, formatter.string(from: application.createdAt),
                    formatter.string(from: application.updatedAt), application.followUpAt.map(formatter.string) ?? "",
                    application.url ?? "", application.note ?? "", history,
                ]
                lines.append(fields.map(Self.csvField).joined(separator: ","))
            }
            print(lines.joined(separator: "\n"))
        }

        /// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.
        static func csvField(_ value: String) -> String {
            var text = value
            if let first = text.first, "=+-@".contains(first) { text = "'" + text }
            guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
