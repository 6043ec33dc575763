import ArgumentParser
import Assistant
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
        subcommands: [
            ChatCommand.self, ServeCommand.self, JobsCommand.self, ApplicationsCommand.self, LettersCommand.self, UsersCommand.self,
            DebugCommand.self,
        ],
        defaultSubcommand: ChatCommand.self
    )

    /// Everything the process creates (the database and its WAL, the JWT secret, exports, history) is private to
    /// its owner: other local users of a shared machine read none of it.
    static func main() async {
        umask(0o077)
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var plain = command
                try plain.run()
            }
        } catch let error where !(error is ValidationError) && exitCode(for: error) != .failure {
            // ArgumentParser's own outcomes (help, --version, an exit code) that surface when a command runs.
            exit(withError: error)
        } catch {
            // What a command could not do (a missing file, a database that does not answer, a bad model URL):
            // one line that names it, no usage text, status 1.
            FileHandle.standardError.write(Data("jobhunter: \(error)\n".utf8))
            Glibc.exit(1)
        }
    }
}

/// Options every command that needs prompts/ and data/ accepts.
struct ResourceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Folder containing prompts/ and data/ (found automatically when run from a checkout).", valueName: "DIR"))
    var resources: String?
}

/// A command's own failure with the sentence to show, for conditions no other error type describes.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
