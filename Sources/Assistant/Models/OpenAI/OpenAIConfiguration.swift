import Foundation

/// How to reach an OpenAI-compatible Chat Completions service.
public struct OpenAIConfiguration: Sendable {
    /// Up to and including the API version segment, e.g. https://api.openai.com/v1.
    public var baseURL: URL
    /// Nil for keyless local servers (Ollama, llama.cpp).
    public var apiKey: String?
    public var model: String
    public var temperature: Double?
    public var maxTokens: Int?
    public var retry: RetryPolicy
    /// Until the response head arrives (includes connecting).
    public var connectTimeout: Duration
    /// From the response head to the first streamed event.
    public var firstTokenTimeout: Duration
    /// Between two streamed events.
    public var idleTimeout: Duration

    public static let defaultBaseURL = URL(string: "https://api.openai.com/v1")!
    public static let defaultModel = "gpt-4o-mini"

    public init(
        baseURL: URL = OpenAIConfiguration.defaultBaseURL, apiKey: String?, model: String = OpenAIConfiguration.defaultModel,
        temperature: Double? = nil, maxTokens: Int? = nil, retry: RetryPolicy = RetryPolicy(),
        connectTimeout: Duration = .seconds(15), firstTokenTimeout: Duration = .seconds(90),
        idleTimeout: Duration = .seconds(60)
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.retry = retry
        self.connectTimeout = connectTimeout
        self.firstTokenTimeout = firstTokenTimeout
        self.idleTimeout = idleTimeout
    }

    var completionsURL: URL { baseURL.appendingPathComponent("chat/completions") }

    /// A description safe to print: never the key.
    public var summary: String {
        "\(model) at \(baseURL.absoluteString)\(apiKey == nil ? " (no API key)" : "")"
    }
}
