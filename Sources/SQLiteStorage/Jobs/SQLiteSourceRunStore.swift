import Assistant
import Foundation
import GRDB
import Storage

package struct SQLiteSourceRunStore: SourceRunStore {
    let database: AppDatabase

    package init(database: AppDatabase) {
        self.database = database
    }

    package func record(_ run: SourceRun) async throws {
        try await database.write { db in
            var record = SourceRunRecord(run)
            try record.insert(db)
        }
    }

    /// The newest run of each board, by board name.
    package func latest() async throws -> [SourceRun] {
        try await database.read { db in
            let newest = SourceRunRecord.select(max(SourceRunRecord.Columns.id)).group(SourceRunRecord.Columns.source)
            return try SourceRunRecord.filter(newest.contains(SourceRunRecord.Columns.id)).order(SourceRunRecord.Columns.source)
                .fetchAll(db).map(\.run)
        }
    }
}
