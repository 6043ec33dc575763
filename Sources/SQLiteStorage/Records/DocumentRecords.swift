import Foundation
import GRDB
import Storage

/// A row of `resumes`: one version of a user's resume, as given and as parsed.
struct ResumeRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "resumes"

    var id: Int64?
    var userID: Int64
    var filename: String
    var text: String
    var parsed: String?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, filename, text, parsed
        case userID = "user_id"
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userID = Column(CodingKeys.userID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The user's versions, newest first.
    static func of(_ userID: Int64) -> QueryInterfaceRequest<ResumeRecord> {
        filter(Columns.userID == userID).order(Columns.id.desc)
    }

    var resume: StoredResume { StoredResume(id: id ?? 0, filename: filename, text: text, parsed: parsed, createdAt: createdAt) }
}

/// A row of `cover_letters`.
struct CoverLetterRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "cover_letters"

    var id: Int64?
    var userID: Int64
    var jobID: Int64?
    var company: String
    var title: String
    var tone: String
    var text: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, company, title, tone, text
        case userID = "user_id"
        case jobID = "job_id"
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userID = Column(CodingKeys.userID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var letter: CoverLetter {
        CoverLetter(id: id ?? 0, jobID: jobID, company: company, title: title, tone: tone, text: text, createdAt: createdAt)
    }
}
