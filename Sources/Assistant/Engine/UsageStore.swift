import Foundation

/// Tokens spent by one user with one model.
public struct UsageTotal: Sendable, Equatable {
    public var model: String
    public var requests: Int
    public var promptTokens: Int
    public var completionTokens: Int

    public init(model: String, requests: Int, promptTokens: Int, completionTokens: Int) {
        self.model = model
        self.requests = requests
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// Token usage per user, so nobody is surprised by what their conversations cost.
public protocol UsageStore: Sendable {
    func record(userID: Int64, model: String, usage: TokenUsage) async throws
    /// Totals per model, all time and since `since`.
    func totals(userID: Int64, since: Date?) async throws -> [UsageTotal]
}
