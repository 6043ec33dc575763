import Assistant
import Foundation

/// A stored mock interview. The session itself is opaque JSON owned by the interview tools.
package struct InterviewRecord: Sendable, Equatable {
    package enum Status: String, Sendable {
        case active, paused, ended
    }

    package var id: Int64
    package var role: String
    package var type: String
    package var status: Status
    package var state: String
    package var score: Double?
    package var createdAt: Date

    package init(id: Int64, role: String, type: String, status: Status, state: String, score: Double?, createdAt: Date) {
        self.id = id
        self.role = role
        self.type = type
        self.status = status
        self.state = state
        self.score = score
        self.createdAt = createdAt
    }
}

package struct Story: Sendable, Equatable {
    package var question: String
    package var answer: String
    package var score: Double

    package init(question: String, answer: String, score: Double) {
        self.question = question
        self.answer = answer
        self.score = score
    }
}

package protocol InterviewStore: Sendable {
    func create(userID: Int64, role: String, type: String, state: String, questionIDs: [String]) async throws -> Int64
    func update(id: Int64, userID: Int64, status: InterviewRecord.Status, state: String, score: Double?) async throws
    /// The user's running or paused interview, if any.
    func current(userID: Int64) async throws -> InterviewRecord?
    /// Newest first.
    func list(userID: Int64) async throws -> [InterviewRecord]
    /// Question ids asked in the user's last `sessions` interviews, so they are not asked again.
    func recentQuestionIDs(userID: Int64, sessions: Int) async throws -> Set<String>
    func addStory(userID: Int64, question: String, answer: String, score: Double) async throws
    func stories(userID: Int64) async throws -> [Story]
}
