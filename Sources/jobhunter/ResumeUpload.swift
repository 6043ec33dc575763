import Assistant
import Foundation
import Storage
import Tools

/// Saving a resume file as the user's current resume: shared by the terminal's /resume and the WebSocket's
/// `resume` message, so both read the same formats and answer with the same summary.
extension JobServices {
    func saveResume(path: String, userID: Int64) async throws -> String {
        let taxonomy = self.taxonomy
        // Reading (DOCX inflation, pdftotext) and parsing are synchronous and can take a while on a hostile file.
        let (file, parsed, facts) = try await BlockingWork.run {
            let file = try ResumeFile.read(path: path)
            return (file, ResumeParser(taxonomy: taxonomy).parse(file.text), ResumeFacts(text: file.text, taxonomy: taxonomy))
        }
        _ = try await resumes.save(
            userID: userID, filename: file.filename, text: file.text,
            parsed: (try? JSONEncoder().encode(parsed)).map { String(decoding: $0, as: UTF8.self) })
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        return "Saved your resume \(file.filename): \(counted(facts.achievements.count, "achievement line")) and "
            + "\(counted(facts.skills.count, "skill")) recognised"
            + (facts.skills.isEmpty ? "." : " (\(facts.skills.prefix(8).joined(separator: ", "))).")
            + " Cover letters now cite it."
    }

    /// An uploaded file's bytes go through a private temporary file, because the readers (pdftotext included)
    /// work on paths; only the last path component of the client's name is kept.
    func saveUploadedResume(filename: String, content: Data, userID: Int64) async throws -> String {
        if try await resumes.count(userID: userID) >= Self.maxStoredResumes {
            throw UploadRefused(reason: "you have \(Self.maxStoredResumes) stored resume versions, the most this server keeps per person")
        }
        let name = URL(fileURLWithPath: filename).lastPathComponent.filter { $0.isLetter || $0.isNumber || "._- ".contains($0) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name.isEmpty || name.hasPrefix(".") ? "resume.txt" : name)
        try content.write(to: file)
        do {
            return try await saveResume(path: file.path, userID: userID)
        } catch let error as ResumeFile.ReadError {
            // The reasons name the file; the user should see their file's name, not our temporary path.
            throw UploadRefused(reason: error.description.replacingOccurrences(of: file.path, with: file.lastPathComponent))
        }
    }
}

extension JobServices {
    /// The server's storage quota for resume versions per user.
    static let maxStoredResumes = 100
}

struct UploadRefused: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
