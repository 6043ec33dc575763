import Assistant
import Foundation
import Storage
import Synchronization

/// Every version of every user's resume; the newest is the one used.
package final class InMemoryResumeStore: ResumeStore {
    private let rows = Mutex<[(userID: Int64, resume: StoredResume)]>([])
    let clock: WallClock

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func save(userID: Int64, filename: String, text: String, parsed: String?) async throws -> StoredResume {
        let now = clock.now()
        return rows.withLock { rows in
            let resume = StoredResume(id: Int64(rows.count + 1), filename: filename, text: text, parsed: parsed, createdAt: now)
            rows.append((userID, resume))
            return resume
        }
    }

    package func latest(userID: Int64) async throws -> StoredResume? {
        rows.withLock { $0.last { $0.userID == userID }?.resume }
    }

    package func count(userID: Int64) async throws -> Int {
        rows.withLock { $0.filter { $0.userID == userID }.count }
    }
}

/// Every letter written, newest first per user.
package final class InMemoryCoverLetterStore: CoverLetterStore {
    private let rows = Mutex<[(userID: Int64, letter: CoverLetter)]>([])
    let clock: WallClock

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func save(userID: Int64, jobID: Int64?, company: String, title: String, tone: String, text: String) async throws -> CoverLetter
    {
        let now = clock.now()
        return rows.withLock { rows in
            let letter = CoverLetter(
                id: Int64(rows.count + 1), jobID: jobID, company: company, title: title, tone: tone, text: text, createdAt: now)
            rows.append((userID, letter))
            return letter
        }
    }

    package func list(userID: Int64) async throws -> [CoverLetter] {
        rows.withLock { $0.filter { $0.userID == userID }.map(\.letter).reversed() }
    }
}

/// Mock interviews and the story bank of strong answers.
package final class InMemoryInterviewStore: InterviewStore {
    private struct State {
        var interviews: [(userID: Int64, record: InterviewRecord, questionIDs: [String])] = []
        var stories: [(userID: Int64, story: Story)] = []
    }

    private let state = Mutex(State())
    let clock: WallClock

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func create(userID: Int64, role: String, type: String, state initial: String, questionIDs: [String]) async throws -> Int64 {
        let now = clock.now()
        return state.withLock { state in
            let id = Int64(state.interviews.count + 1)
            let record = InterviewRecord(id: id, role: role, type: type, status: .active, state: initial, score: nil, createdAt: now)
            state.interviews.append((userID, record, questionIDs))
            return id
        }
    }

    package func update(id: Int64, userID: Int64, status: InterviewRecord.Status, state new: String, score: Double?) async throws {
        state.withLock { state in
            guard let index = state.interviews.firstIndex(where: { $0.record.id == id && $0.userID == userID }) else { return }
            state.interviews[index].record.status = status
            state.interviews[index].record.state = new
            state.interviews[index].record.score = score ?? state.interviews[index].record.score
        }
    }

    package func current(userID: Int64) async throws -> InterviewRecord? {
        state.withLock { $0.interviews.last { $0.userID == userID && $0.record.status != .ended }?.record }
    }

    package func list(userID: Int64) async throws -> [InterviewRecord] {
        state.withLock { $0.interviews.filter { $0.userID == userID }.map(\.record).reversed() }
    }

    package func recentQuestionIDs(userID: Int64, sessions: Int) async throws -> Set<String> {
        state.withLock { Set($0.interviews.filter { $0.userID == userID }.suffix(max(0, sessions)).flatMap(\.questionIDs)) }
    }

    package func addStory(userID: Int64, question: String, answer: String, score: Double) async throws {
        state.withLock { $0.stories.append((userID, Story(question: question, answer: answer, score: score))) }
    }

    /// Best first; among equal scores, the newest first.
    package func stories(userID: Int64) async throws -> [Story] {
        state.withLock { state in
            state.stories.enumerated().filter { $0.element.userID == userID }
                .sorted {
                    $0.element.story.score != $1.element.story.score
                        ? $0.element.story.score > $1.element.story.score : $0.offset > $1.offset
                }
                .map(\.element.story)
        }
    }
}
