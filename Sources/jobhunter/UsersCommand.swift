import ArgumentParser
import Foundation
import Storage
import Transport

#if canImport(Glibc)
    import Glibc
#endif

/// Local account administration. A web registration never adopts a name already used in the terminal, so the way
/// for a terminal user to reach the same profile and conversation from the web is this command, which only someone
/// who can open the database can run.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage accounts on this machine's database.", subcommands: [SetPassword.self])

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Give a user (a terminal user too) a password for the web and REST API.",
            discussion: """
                Reads the password from the terminal without echo, or as one line from standard input when piped:
                  printf '%s\\n' 'a long passphrase' | jobhunter users set-password victor
                """)

        @Argument(help: "The user's name, as given to `jobhunter chat --user`.")
        var name: String

        @OptionGroup var index: IndexOptions

        func validate() throws {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard (1...64).contains(trimmed.count), !trimmed.contains(where: \.isNewline) else {
                throw ValidationError("a user name has 1 to 64 characters on one line")
            }
        }

        func run() async throws {
            let password = try Self.readPassword()
            guard (8...256).contains(password.count) else {
                throw ValidationError("a password has 8 to 256 characters")
            }
            let (stores, _) = try await index.open()
            let hash = try PasswordHasher().hash(password)
            let user = try await stores.users.setPassword(name: name.trimmingCharacters(in: .whitespaces), passwordHash: hash)
            print("\(user.name) can now log in on the web with that password.")
        }

        static func readPassword() throws -> String {
            if isatty(0) == 1, let typed = getpass("Password for the web (not shown): ") {
                return String(cString: typed)
            }
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("no password given on standard input")
            }
            return line
        }
    }
}
