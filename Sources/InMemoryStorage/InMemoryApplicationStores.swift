import Assistant
import Foundation
import Storage
import Synchronization

/// One application per job (or per company and title, without regard to ASCII case), with its status history.
package final class InMemoryApplicationStore: ApplicationStore {
    private let rows = Mutex<[(userID: Int64, application: Application)]>([])
    let clock: WallClock

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func record(_ update: ApplicationUpdate, userID: Int64) async throws -> (application: Application, created: Bool) {
        let now = clock.now()
        let followUp = update.status.followUpAfter.map { now.addingTimeInterval($0) }
        let event = Application.Event(status: update.status, note: update.note, at: now)
        return rows.withLock { rows in
            let index = rows.firstIndex { row in
                guard row.userID == userID else { return false }
                if let job = update.jobID { return row.application.jobID == job }
                return Self.folded(row.application.company) == Self.folded(update.company)
                    && Self.folded(row.application.title) == Self.folded(update.title)
            }
            if let index {
                rows[index].application.status = update.status
                rows[index].application.note = update.note ?? rows[index].application.note
                rows[index].application.updatedAt = now
                rows[index].application.followUpAt = followUp
                rows[index].application.events.append(event)
                return (rows[index].application, false)
            }
            let application = Application(
                id: Int64(rows.count + 1), jobID: update.jobID, company: update.company, title: update.title, status: update.status,
                note: update.note, url: update.url, createdAt: now, updatedAt: now, followUpAt: followUp, events: [event])
            rows.append((userID, application))
            return (application, true)
        }
    }

    package func list(userID: Int64, status: Application.Status?) async throws -> [Application] {
        newestFirst { $0.userID == userID && (status == nil || $0.application.status == status) }
    }

    package func due(userID: Int64, now: Date) async throws -> [Application] {
        newestFirst { $0.userID == userID && ($0.application.followUpAt.map { $0 <= now } ?? false) }
    }

    private func newestFirst(_ include: ((userID: Int64, application: Application)) -> Bool) -> [Application] {
        rows.withLock { rows in
            rows.filter(include).map(\.application).sorted {
                $0.updatedAt != $1.updatedAt ? $0.updatedAt > $1.updatedAt : $0.id > $1.id
            }
        }
    }

    /// SQLite's lower(): ASCII letters only.
    private static func folded(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32) ?? $0 : $0 }))
    }
}

/// Every request to a job board; the newest per board is what `jobs sources` shows.
package final class InMemorySourceRunStore: SourceRunStore {
    private let runs = Mutex<[SourceRun]>([])

    package init() {}

    package func record(_ run: SourceRun) async throws {
        runs.withLock { $0.append(run) }
    }

    package func latest() async throws -> [SourceRun] {
        runs.withLock { runs in
            var newest: [String: SourceRun] = [:]
            for run in runs { newest[run.source] = run }
            return newest.values.sorted { $0.source < $1.source }
        }
    }
}
