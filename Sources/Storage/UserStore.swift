import Assistant
import Foundation

/// A person using JobHunter. In the REPL the user is named on the command line; the server adds passwords.
package struct User: Sendable, Equatable {
    package var id: Int64
    package var name: String

    package init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}

package protocol UserStore: Sendable {
    /// The user with this name, created if new. Names compare case-insensitively.
    func user(named name: String) async throws -> User
    /// Creates a new account with a password hash; false when the name exists at all. A remote registration never
    /// adopts an existing row: a name used only in the terminal has a profile, resumes and a conversation that
    /// whoever registers it first would otherwise receive.
    func register(name: String, passwordHash: String) async throws -> Bool
    /// Sets or replaces the password of the named user, creating the user if new: the local
    /// `jobhunter users set-password NAME` command, which only someone with access to the database can run.
    func setPassword(name: String, passwordHash: String) async throws -> User
    /// The user and stored password hash, if the account has one.
    func credentials(name: String) async throws -> (user: User, passwordHash: String)?
}
