import ArgumentParser
import Foundation

@main
struct JobHunterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobhunter",
        abstract: "A job-hunting assistant you talk to: jobs, resumes, cover letters, interviews and career advice.",
        discussion: """
            Works offline with its built-in model. Your conversation and profile are kept in a local
            SQLite database ($XDG_DATA_HOME/jobhunter/jobhunter.sqlite unless --db is given).
            """,
        version: JobHunterVersion.current,
        subcommands: [ChatCommand.self, ServeCommand.self, JobsCommand.self, ApplicationsCommand.self, LettersCommand.self, DebugCommand.self],
        defaultSubcommand: ChatCommand.self
    )
}

enum JobHunterVersion {
    static let current = "0.1.0"
}

/// Options every command that needs prompts/ and data/ accepts.
struct ResourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder containing prompts/ and data/ (found automatically when run from a checkout).", valueName: "DIR"))
    var resources: String?
}

/// Prints "jobhunter: <message>" to standard error and exits with status 1.
func exitWithError(_ message: String) -> Never {
    FileHandle.standardError.write(Data("jobhunter: \(message)\n".utf8))
    exit(1)
}
