import Foundation

/// What tools may do with files on one surface, chosen once where the app is composed, never by a request.
///
/// - The terminal: the person owns the machine. Tools read a path they name (`analyze my resume ~/cv.pdf`) and
///   write exports to their data folder, showing where.
/// - The server: many people share it. No tool reads or writes a path a request names; files arrive as uploads
///   and exports leave as per-user downloads (`GET /exports/{name}`), so no reply shows a server path.
package enum FileAccess: Sendable {
    case terminal(exports: URL)
    case server(exports: URL)

    /// Whether a tool may open a file at a path given in the conversation.
    package var readsNamedPaths: Bool {
        if case .terminal = self { return true }
        return false
    }

    /// How a person on this surface gives their resume, for replies that need one: the page has no paths to type.
    package var addResume: String {
        switch self {
        case .terminal: Self.terminalAddResume
        case .server: "the Upload resume button (txt, md, json, pdf or docx)"
        }
    }

    package static let terminalAddResume = "/resume PATH (txt, md, json, pdf or docx)"

    package var exports: ExportFiles {
        switch self {
        case .terminal(let folder): return ExportFiles(root: folder, showsPaths: true)
        case .server(let folder): return ExportFiles(root: folder, showsPaths: false)
        }
    }

    /// The answer to a path named where paths may not be read: the same words whatever the path, so the reply
    /// tells nothing about which files exist on the server.
    package static let uploadInstead =
        "I can't open files by path here. Upload your resume instead (the Upload button, or a "
        + "{\"type\": \"resume\"} message); I'll read that."
}
