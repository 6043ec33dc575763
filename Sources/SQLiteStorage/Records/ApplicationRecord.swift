import Foundation
import GRDB
import Storage

/// A row of `applications`: one job a user pursues; its history is in `application_events`.
struct ApplicationRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "applications"
    static let events = hasMany(ApplicationEventRecord.self, using: ApplicationEventRecord.application).forKey("events")
        .order(ApplicationEventRecord.Columns.id)

    var id: Int64?
    var userID: Int64
    var jobID: Int64?
    var company: String
    var title: String
    var status: String
    var note: String?
    var url: String?
    var createdAt: Date
    var updatedAt: Date
    var followUpAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, company, title, status, note, url
        case userID = "user_id"
        case jobID = "job_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case followUpAt = "follow_up_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userID = Column(CodingKeys.userID)
        static let jobID = Column(CodingKeys.jobID)
        static let company = Column(CodingKeys.company)
        static let title = Column(CodingKeys.title)
        static let status = Column(CodingKeys.status)
        static let updatedAt = Column(CodingKeys.updatedAt)
        static let followUpAt = Column(CodingKeys.followUpAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func application(events: [ApplicationEventRecord]) -> Application {
        Application(
            id: id ?? 0, jobID: jobID, company: company, title: title, status: Application.Status(rawValue: status) ?? .saved,
            note: note, url: url, createdAt: createdAt, updatedAt: updatedAt, followUpAt: followUpAt, events: events.map(\.event))
    }
}

/// An application with its whole history, read in one request (`including(all:)`).
struct ApplicationWithEvents: Decodable, FetchableRecord {
    var application: ApplicationRecord
    var events: [ApplicationEventRecord]
}

/// A row of `application_events`: one status an application entered, with the note said then.
struct ApplicationEventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "application_events"
    static let application = ForeignKey([Columns.applicationID])

    var id: Int64?
    var applicationID: Int64
    var status: String
    var note: String?
    var at: Date

    enum CodingKeys: String, CodingKey {
        case id, status, note, at
        case applicationID = "application_id"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let applicationID = Column(CodingKeys.applicationID)
    }

    var event: Application.Event {
        Application.Event(status: Application.Status(rawValue: status) ?? .saved, note: note, at: at)
    }
}
