import Foundation

/// Tokens spent by one user with one model.
package struct UsageTotal: Sendable, Equatable {
    package var model: String
    package var requests: Int
    package var promptTokens: Int
    package var completionTokens: Int

    package init(model: String, requests: Int, promptTokens: Int, completionTokens: Int) {
        self.model = model
        self.requests = requests
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// Token usage per user, so nobody is surprised by what their conversations cost.
package protocol UsageStore: Sendable {
    func record(userID: Int64, model: String, usage: TokenUsage) async throws
    /// Totals per model, all time and since `since`.
    func totals(userID: Int64, since: Date?) async throws -> [UsageTotal]
}
