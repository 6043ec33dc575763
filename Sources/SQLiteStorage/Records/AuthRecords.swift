import Foundation
import GRDB

/// A row of `login_failures`: one failed (or not yet verified) login, by name and client address.
struct LoginFailureRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "login_failures"

    var id: Int64?
    var username: String
    var address: String
    var at: Date

    enum Columns {
        static let username = Column(CodingKeys.username)
        static let address = Column(CodingKeys.address)
        static let at = Column(CodingKeys.at)
    }
}

/// A row of `revoked_tokens`: a logged-out token, kept until it would have expired anyway.
struct RevokedTokenRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "revoked_tokens"

    var jti: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case jti
        case expiresAt = "expires_at"
    }

    enum Columns {
        static let jti = Column(CodingKeys.jti)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}

/// A row of `server_secrets`: a secret every instance shares (the JWT signing key).
struct ServerSecretRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "server_secrets"

    var name: String
    var value: Data
}
