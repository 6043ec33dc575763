import Assistant
import Foundation

/// A resume as the user gave it; every version is kept, the newest is used.
package struct StoredResume: Sendable, Equatable {
    package var id: Int64
    package var filename: String
    package var text: String
    /// The parsed structure as JSON, when it was parsed on upload.
    package var parsed: String?
    package var createdAt: Date

    package init(id: Int64, filename: String, text: String, parsed: String?, createdAt: Date) {
        self.id = id
        self.filename = filename
        self.text = text
        self.parsed = parsed
        self.createdAt = createdAt
    }
}

package struct CoverLetter: Sendable, Equatable {
    package var id: Int64
    package var jobID: Int64?
    package var company: String
    package var title: String
    package var tone: String
    package var text: String
    package var createdAt: Date

    package init(id: Int64, jobID: Int64?, company: String, title: String, tone: String, text: String, createdAt: Date) {
        self.id = id
        self.jobID = jobID
        self.company = company
        self.title = title
        self.tone = tone
        self.text = text
        self.createdAt = createdAt
    }
}

package protocol ResumeStore: Sendable {
    /// Stores a new version: the original text and, when known, its parsed structure as JSON.
    func save(userID: Int64, filename: String, text: String, parsed: String?) async throws -> StoredResume
    func latest(userID: Int64) async throws -> StoredResume?
    /// How many versions the user has stored (the server's storage quota counts them).
    func count(userID: Int64) async throws -> Int
}

package protocol CoverLetterStore: Sendable {
    func save(userID: Int64, jobID: Int64?, company: String, title: String, tone: String, text: String) async throws -> CoverLetter
    /// Newest first.
    func list(userID: Int64) async throws -> [CoverLetter]
}

extension ResumeStore {
    package func save(userID: Int64, filename: String, text: String) async throws -> StoredResume {
        try await save(userID: userID, filename: filename, text: text, parsed: nil)
    }
}
