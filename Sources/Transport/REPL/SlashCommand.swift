import Foundation

/// A REPL command: a line starting with "/".
package enum SlashCommand: Equatable, Sendable {
    case help
    case profile
    case reset
    case usage
    case jobs
    case applications
    case demo
    case resume(String?)
    case letters
    /// `/interview skip` and friends: sent to the running interview as that command.
    case interview(String?)
    case interviews
    case quit
    case unknown(String)

    /// Parses a line; nil when the line is a message for the assistant rather than a command.
    package static func parse(_ line: String) -> SlashCommand? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/"), trimmed.count > 1, !trimmed.hasPrefix("//") else { return nil }
        // "/usr/share/x.pdf is my resume" is a message that begins with a path, not a command.
        let word = trimmed.dropFirst().prefix { !$0.isWhitespace }
        if word.contains("/") { return nil }
        switch word.lowercased() {
        case "help", "h", "?": return .help
        case "profile": return .profile
        case "reset", "new": return .reset
        case "usage", "cost", "tokens": return .usage
        case "jobs", "results": return .jobs
        case "applications", "apps", "tracker": return .applications
        case "demo": return .demo
        case "resume", "cv":
            let path = trimmed.dropFirst(word.count + 1).trimmingCharacters(in: .whitespaces)
            return .resume(path.isEmpty ? nil : path)
        case "letters", "letter": return .letters
        case "interview":
            let argument = trimmed.dropFirst(word.count + 1).trimmingCharacters(in: .whitespaces).lowercased()
            return .interview(argument.isEmpty ? nil : argument)
        case "interviews": return .interviews
        case "quit", "exit", "q": return .quit
        default: return .unknown(String(word))
        }
    }

    package static let helpText = """
        Commands:
          /help      show this help
          /profile   show what your profile holds
          /reset     start a fresh conversation (your profile is kept)
          /jobs      the last job results, numbered
          /applications  the jobs you are tracking, with the funnel
          /demo      load 2,000 synthetic postings to try search (when the index is empty)
          /resume PATH  save your resume (.txt or .md) so letters can cite it
          /letters   the cover letters you have written
          /interview [skip|hint|repeat|pause|resume|end]  continue or control your mock interview
          /interviews  your mock interviews and their scores
          /usage     tokens used and their estimated cost
          /quit      leave (Ctrl-D works too)
        Anything else is a message for the assistant. Ctrl-C cancels an answer in progress.
        """
}
