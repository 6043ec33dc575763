import Foundation

/// Reads a resume the user points at. Plain text and Markdown for now; PDF and DOCX arrive with resume
/// parsing, and say so instead of storing garbage.
public enum ResumeFile {
    public enum ReadError: Error, CustomStringConvertible, Equatable {
        case unreadable(String)
        case tooLarge(String)
        case unsupported(String)
        case notText(String)
        case empty(String)

        public var description: String {
            switch self {
            case .unreadable(let path): return "cannot read \(path)"
            case .tooLarge(let path): return "\(path) is larger than 2 MB; a resume is a few pages of text"
            case .unsupported(let kind): return "\(kind) resumes are not read yet; save it as .txt or .md and try again"
            case .notText(let path): return "\(path) is not UTF-8 text"
            case .empty(let path): return "\(path) is empty"
            }
        }
    }

    public static let maxBytes = 2 * 1_048_576

    public static func read(path: String) throws -> (filename: String, text: String) {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        let kind = url.pathExtension.lowercased()
        if ["pdf", "docx", "doc", "odt", "rtf", "pages"].contains(kind) { throw ReadError.unsupported(kind.uppercased()) }
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber else {
            throw ReadError.unreadable(path)
        }
        guard size.intValue <= maxBytes else { throw ReadError.tooLarge(path) }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ReadError.unreadable(path) }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else { throw ReadError.notText(path) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReadError.empty(path) }
        return (url.lastPathComponent, text)
    }
}
