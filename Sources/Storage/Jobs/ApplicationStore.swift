import Foundation

/// A job the user is pursuing, with the history of its status.
package struct Application: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable, Codable {
        case saved, applied, interviewing, offer, rejected, withdrawn

        /// When to nudge the user after entering this status; nil for final states.
        package var followUpAfter: TimeInterval? {
            switch self {
            case .saved: return 5 * 86_400
            case .applied: return 7 * 86_400
            case .interviewing: return 3 * 86_400
            case .offer: return 2 * 86_400
            case .rejected, .withdrawn: return nil
            }
        }
    }

    package struct Event: Sendable, Equatable {
        package var status: Status
        package var note: String?
        package var at: Date

        package init(status: Status, note: String?, at: Date) {
            self.status = status
            self.note = note
            self.at = at
        }
    }

    package var id: Int64
    package var jobID: Int64?
    package var company: String
    package var title: String
    package var status: Status
    package var note: String?
    package var url: String?
    package var createdAt: Date
    package var updatedAt: Date
    package var followUpAt: Date?
    package var events: [Event]

    package init(
        id: Int64, jobID: Int64?, company: String, title: String, status: Status, note: String?, url: String?,
        createdAt: Date, updatedAt: Date, followUpAt: Date?, events: [Event]
    ) {
        self.id = id
        self.jobID = jobID
        self.company = company
        self.title = title
        self.status = status
        self.note = note
        self.url = url
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.followUpAt = followUpAt
        self.events = events
    }
}

/// What the user said about a job: which job, its new status, an optional note.
package struct ApplicationUpdate: Sendable {
    package var jobID: Int64?
    package var company: String
    package var title: String
    package var url: String?
    package var status: Application.Status
    package var note: String?

    package init(jobID: Int64?, company: String, title: String, url: String? = nil, status: Application.Status, note: String? = nil) {
        self.jobID = jobID
        self.company = company
        self.title = title
        self.url = url
        self.status = status
        self.note = note
    }
}

package protocol ApplicationStore: Sendable {
    /// Creates the application or moves the existing one (same job, or same company and title) to the new status.
    /// Returns it and whether it was new.
    func record(_ update: ApplicationUpdate, userID: Int64) async throws -> (application: Application, created: Bool)
    func list(userID: Int64, status: Application.Status?) async throws -> [Application]
    /// Applications whose follow-up date has passed.
    func due(userID: Int64, now: Date) async throws -> [Application]
}
