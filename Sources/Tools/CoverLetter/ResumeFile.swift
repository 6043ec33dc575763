import Foundation

/// Reads a resume the user points at: plain text, Markdown, JSON Resume, DOCX (in Swift), and PDF through
/// `pdftotext` (poppler-utils). Anything else gets a clear reason instead of being stored as garbage.
package enum ResumeFile {
    package enum ReadError: Error, CustomStringConvertible, Equatable {
        case unreadable(String)
        case tooLarge(String)
        case unsupported(String)
        case notText(String)
        case empty(String)
        case notJSONResume(String)
        case needsPdftotext
        case noTextInPDF(String)
        case badDocument(path: String, reason: String)

        package var description: String {
            switch self {
            case .unreadable(let path): return "cannot read \(path)"
            case .tooLarge(let path): return "\(path) is larger than 2 MB; a resume is a few pages of text"
            case .unsupported(let kind): return "\(kind) resumes are not read yet; save it as .txt or .md and try again"
            case .notText(let path): return "\(path) is not UTF-8 text"
            case .empty(let path): return "\(path) is empty"
            case .notJSONResume(let reason): return "the JSON file is \(reason)"
            case .needsPdftotext: return "reading PDF resumes needs pdftotext: sudo apt-get install poppler-utils (make chat installs it)"
            case .noTextInPDF(let path): return "\(path) has no text to read (a scanned image, or encrypted); export it as text or DOCX"
            case .badDocument(let path, let reason): return "\(path) cannot be read: \(reason)"
            }
        }
    }

    package static let maxBytes = 2 * 1_048_576
    /// PDF and DOCX carry fonts and images; their text is still capped at `maxBytes`.
    package static let maxDocumentBytes = 10 * 1_048_576

    /// A resume file's text and what in its layout an ATS may lose.
    package struct Document: Sendable {
        package var filename: String
        package var text: String
        package var hazards: [String]
    }

    package static func read(path: String) throws -> (filename: String, text: String) {
        let document = try readDocument(path: path)
        return (document.filename, document.text)
    }

    package static func readDocument(path: String) throws -> Document {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        let kind = url.pathExtension.lowercased()
        if ["doc", "odt", "rtf", "pages"].contains(kind) { throw ReadError.unsupported(kind.uppercased()) }
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber else {
            throw ReadError.unreadable(path)
        }
        guard size.intValue <= (kind == "pdf" || kind == "docx" ? maxDocumentBytes : maxBytes) else { throw ReadError.tooLarge(path) }
        if kind == "pdf" { return Document(filename: url.lastPathComponent, text: try pdfText(url, path: path), hazards: []) }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ReadError.unreadable(path) }
        if kind == "docx" {
            do {
                let docx = try DocxText.read(data)
                guard docx.text.contains(where: \.isLetter) else { throw ReadError.empty(path) }
                return Document(filename: url.lastPathComponent, text: docx.text, hazards: docx.hazards)
            } catch let error as ZipReader.ReadError {
                throw ReadError.badDocument(path: path, reason: error.description)
            }
        }
        return Document(filename: url.lastPathComponent, text: try text(of: data, kind: kind, path: path), hazards: [])
    }

    private static func text(of data: Data, kind: String, path: String) throws -> String {
        if kind == "json" {
            do {
                return try JSONResume.text(from: data)
            } catch let error as JSONResume.Invalid {
                throw ReadError.notJSONResume(error.description)
            }
        }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else { throw ReadError.notText(path) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReadError.empty(path) }
        return text
    }

    static let pdftotextLocations = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"]

    /// Text of a PDF via poppler's pdftotext, read from its standard output as it arrives and cut at `maxBytes`.
    /// pdftotext runs under CPU-time and memory limits (util-linux's prlimit) and at most 30 seconds of wall time,
    /// so a hostile PDF costs a bounded amount.
    static func pdfText(_ url: URL, path: String) throws -> String {
        guard let tool = pdftotextLocations.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ReadError.needsPdftotext
        }
        let process = Process()
        let arguments = ["-enc", "UTF-8", "-nopgbrk", url.path, "-"]
        if FileManager.default.isExecutableFile(atPath: prlimit) {
            process.executableURL = URL(fileURLWithPath: prlimit)
            process.arguments = ["--cpu=20", "--as=\(1 << 30)", "--fsize=0", "--", tool] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(30), execute: watchdog)
        var data = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk.prefix(maxBytes - data.count))
            // Enough text for any resume: stop pdftotext instead of reading the rest.
            if data.count >= maxBytes {
                process.terminate()
                break
            }
        }
        process.waitUntilExit()
        watchdog.cancel()
        let text = String(decoding: data, as: UTF8.self)
        let complete = process.terminationReason == .exit && process.terminationStatus == 0
        guard complete || data.count >= maxBytes, text.contains(where: \.isLetter) else { throw ReadError.noTextInPDF(path) }
        return text
    }

    static let prlimit = "/usr/bin/prlimit"
}
