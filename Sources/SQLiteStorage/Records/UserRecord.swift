import Foundation
import GRDB
import Storage

/// A row of `users`. Names are unique without regard to case (the column collates NOCASE).
struct UserRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "users"

    var id: Int64?
    var name: String
    var createdAt: Date
    var passwordHash: String?

    enum CodingKeys: String, CodingKey {
        case id, name
        case createdAt = "created_at"
        case passwordHash = "password_hash"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let passwordHash = Column(CodingKeys.passwordHash)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static func named(_ name: String) -> QueryInterfaceRequest<UserRecord> {
        filter(Columns.name == name)
    }

    var user: User { User(id: id ?? 0, name: name) }
}
