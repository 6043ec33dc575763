import Assistant
import Foundation

/// Why the database could not be used, in words a user can act on.
package enum StorageError: Error, Equatable, CustomStringConvertible {
    case missingFolder(String)
    case notADatabase(String)
    case readOnly(String)
    case newerSchema(String)
    case failed(String)
    /// The database server cannot be reached right now (PostgreSQL down, network cut); retrying later may work.
    case unavailable(String)

    package var description: String {
        switch self {
        case .missingFolder(let folder):
            return "the folder \(folder) does not exist; create it or choose another path with --db"
        case .notADatabase(let path):
            return
                "\(path) is not a JobHunter database (it is corrupt or another kind of file); it was left untouched — move it aside or choose another path with --db"
        case .readOnly(let path):
            return "the database \(path) is read-only; make it writable or choose another path with --db"
        case .newerSchema(let path):
            return "\(path) was written by a newer JobHunter; upgrade JobHunter to use it"
        case .failed(let reason):
            return "the database failed: \(reason)"
        case .unavailable(let reason):
            return "the database is unavailable (\(reason)); try again in a moment"
        }
    }
}

extension StorageError: TemporaryFailure {
    package var isTemporary: Bool {
        if case .unavailable = self { return true }
        return false
    }
}
