import ArgumentParser
import Foundation
import Storage

struct LettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letters", abstract: "List or export your cover letters.", subcommands: [List.self, Export.self],
        defaultSubcommand: List.self)

    struct Common: ParsableArguments {
        @Option(name: .long, help: "Whose letters.")
        var user: String = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "me"

        @OptionGroup var index: IndexOptions

        func letters() async throws -> [CoverLetter] {
            let (stores, _) = try await index.open()
            let owner = try await stores.users.user(named: user)
            return try await stores.letters.list(userID: owner.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cover letters, newest first.")
        @OptionGroup var common: Common

        func run() async throws {
            let letters = try await common.letters()
            if letters.isEmpty { print("No cover letters yet.") }
            for letter in letters { print("#\(letter.id) \(letter.title) — \(letter.company) (\(letter.tone))") }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write one letter as Markdown or plain text.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case md, txt
        }

        @Argument(help: "The letter's number (see `jobhunter letters list`).")
        var id: Int64

        @Option(name: .long, help: "md or txt.")
        var format: Format = .md

        @Option(name: .long, help: ArgumentHelp("File to write (default: standard output).", valueName: "FILE"))
        var output: String?

        @OptionGroup var common: Common

        func run() async throws {
            guard let letter = try await common.letters().first(where: { $0.id == id }) else {
                throw CommandFailure("there is no letter #\(id) for \(common.user); `jobhunter letters list` shows them")
            }
            let text = format == .md ? "# Cover letter: \(letter.title) at \(letter.company)\n\n\(letter.text)\n" : letter.text + "\n"
            if let output {
                try text.write(toFile: (output as NSString).expandingTildeInPath, atomically: true, encoding: .utf8)
                print("Wrote letter #\(id) to \(output).")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
