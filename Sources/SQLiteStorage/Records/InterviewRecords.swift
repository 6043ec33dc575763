import Foundation
import GRDB
import Storage

/// A row of `interviews`: one mock interview, its opaque session state and the questions it asked.
struct InterviewRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "interviews"

    var id: Int64?
    var userID: Int64
    var role: String
    var type: String
    var status: String
    var state: String
    /// A JSON list of question ids.
    var questionIDs: String
    var score: Double?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, role, type, status, state, score
        case userID = "user_id"
        case questionIDs = "question_ids"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userID = Column(CodingKeys.userID)
        static let status = Column(CodingKeys.status)
        static let state = Column(CodingKeys.state)
        static let score = Column(CodingKeys.score)
        static let questionIDs = Column(CodingKeys.questionIDs)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The user's interviews, newest first.
    static func of(_ userID: Int64) -> QueryInterfaceRequest<InterviewRow> {
        filter(Columns.userID == userID).order(Columns.id.desc)
    }

    var record: InterviewRecord {
        InterviewRecord(
            id: id ?? 0, role: role, type: type, status: InterviewRecord.Status(rawValue: status) ?? .ended, state: state, score: score,
            createdAt: createdAt)
    }
}

/// A row of `stories`: a strong mock-interview answer kept for the story bank.
struct StoryRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "stories"

    var id: Int64?
    var userID: Int64
    var question: String
    var answer: String
    var score: Double
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, question, answer, score
        case userID = "user_id"
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userID = Column(CodingKeys.userID)
        static let score = Column(CodingKeys.score)
    }

    var story: Story { Story(question: question, answer: answer, score: score) }
}

/// A row of `usage`: the tokens of one model request.
struct UsageRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "usage"

    var id: Int64?
    var userID: Int64
    var model: String
    var promptTokens: Int
    var completionTokens: Int
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, model
        case userID = "user_id"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case createdAt = "created_at"
    }

    enum Columns {
        static let userID = Column(CodingKeys.userID)
        static let model = Column(CodingKeys.model)
        static let promptTokens = Column(CodingKeys.promptTokens)
        static let completionTokens = Column(CodingKeys.completionTokens)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}
