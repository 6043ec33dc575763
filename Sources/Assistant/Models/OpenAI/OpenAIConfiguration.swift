import Foundation

/// How to reach an OpenAI-compatible Chat Completions service.
package struct OpenAIConfiguration: Sendable {
    /// Up to and including the API version segment, e.g. https://api.openai.com/v1.
    package var baseURL: URL
    /// Nil for keyless local servers (Ollama, llama.cpp).
    package var apiKey: String?
    package var model: String
    package var temperature: Double?
    package var maxTokens: Int?
    package var retry: RetryPolicy
    package var timeouts: ModelTimeouts

    package static let defaultBaseURL = URL(string: "https://api.openai.com/v1") ?? URL(fileURLWithPath: "/v1")
    package static let defaultModel = "gpt-4o-mini"

    package init(
        baseURL: URL = OpenAIConfiguration.defaultBaseURL, apiKey: String?, model: String = OpenAIConfiguration.defaultModel,
        temperature: Double? = nil, maxTokens: Int? = nil, retry: RetryPolicy = RetryPolicy(), timeouts: ModelTimeouts? = nil
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.retry = retry
        self.timeouts = timeouts ?? ModelTimeouts.defaults(for: baseURL)
    }

    var completionsURL: URL { baseURL.appendingPathComponent("chat/completions") }

    /// A description safe to print: never the key.
    package var summary: String {
        "\(model) at \(baseURL.absoluteString)\(apiKey == nil ? " (no API key)" : "")"
    }
}

/// The four waits of one request, each named for what it waits for.
package struct ModelTimeouts: Sendable, Equatable {
    /// Opening the TCP connection to the server.
    package var connect: Duration
    /// From sending the request to the first byte of the answer: the whole prompt evaluation on a local server.
    package var firstToken: Duration
    /// Silence between two pieces of a streamed answer.
    package var idle: Duration
    /// The whole request, however steadily it streams.
    package var total: Duration

    package init(connect: Duration, firstToken: Duration, idle: Duration, total: Duration) {
        self.connect = connect
        self.firstToken = firstToken
        self.idle = idle
        self.total = total
    }

    /// A hosted API answers within seconds; a server on this machine or this network may run on a CPU, where
    /// reading a prompt with 16 tool schemas takes minutes before the first token.
    package static let hosted = ModelTimeouts(connect: .seconds(10), firstToken: .seconds(90), idle: .seconds(60), total: .seconds(300))
    package static let local = ModelTimeouts(connect: .seconds(5), firstToken: .seconds(300), idle: .seconds(120), total: .seconds(900))

    package static func defaults(for baseURL: URL) -> ModelTimeouts {
        isLocal(baseURL) ? .local : .hosted
    }

    /// Loopback, private (RFC 1918, link-local, IPv6 ULA), `localhost`, `*.local`, and single-label names such as
    /// a Docker Compose service called `ollama`.
    package static func isLocal(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else {
            return false
        }
        if host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local") || host.hasSuffix(".internal") { return true }
        if host == "::1" || host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe80:") { return host.contains(":") }
        let octets = host.split(separator: ".").compactMap { UInt8($0) }
        if octets.count == 4 {
            switch (octets[0], octets[1]) {
            case (127, _), (10, _), (192, 168), (169, 254): return true
            case (172, let second): return (16...31).contains(second)
            default: return false
            }
        }
        return !host.contains(".") && !host.contains(":")
    }
}
