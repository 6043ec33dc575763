import Foundation

/// When and how long to wait before trying a request again.
package struct RetryPolicy: Sendable, Equatable {
    package var maxRetries: Int
    package var baseDelay: Duration
    package var maxDelay: Duration
    /// A server's Retry-After is honoured up to this; anything longer fails instead of hanging the turn.
    package var maxRetryAfter: Duration

    package init(
        maxRetries: Int = 2, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// 408, 409, 429 and 5xx are worth another try; 429 for an exhausted quota is not.
    package static func isRetryable(status: Int, errorCode: String?) -> Bool {
        if errorCode == "insufficient_quota" { return false }
        return status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }

    /// The wait before retry number `attempt` (1-based): the server's `retry-after-ms` / `retry-after`
    /// when given, else exponential backoff with full jitter. Nil when the server asks for longer than allowed.
    package func delay(
        attempt: Int, headers: [String: String], now: Date, random: inout some RandomNumberGenerator
    ) -> Duration? {
        if let milliseconds = headers["retry-after-ms"].flatMap(Double.init), milliseconds >= 0 {
            let wait = Duration.milliseconds(Int64(milliseconds))
            return wait <= maxRetryAfter ? wait : nil
        }
        if let value = headers["retry-after"] {
            let seconds: Double? = Double(value) ?? Self.httpDate(value).map { max(0, $0.timeIntervalSince(now)) }
            if let seconds {
                let wait = Duration.milliseconds(Int64(seconds * 1000))
                return wait <= maxRetryAfter ? wait : nil
            }
        }
        let exponent = min(attempt - 1, 16)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let ceilingMilliseconds = max(1, Int64(ceiling.inMilliseconds))
        // Half fixed, half random: never zero, never a thundering herd.
        return .milliseconds(ceilingMilliseconds / 2 + Int64.random(in: 0...(ceilingMilliseconds / 2), using: &random))
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
