import ArgumentParser
import Assistant
import Foundation

/// Which model to talk to. With no key, base URL or model given, the offline model is used.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model name on an OpenAI-compatible service (default: $OPENAI_MODEL, or gpt-4o-mini on OpenAI).")
    var model: String?

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "OpenAI-compatible API base, e.g. http://127.0.0.1:11434/v1 for Ollama (default: $OPENAI_BASE_URL, or OpenAI).",
            valueName: "URL"))
    var baseURL: String?

    @Flag(name: .long, help: "Use the built-in offline model even when an API key is set.")
    var offline = false

    @Option(name: .long, help: "Sampling temperature, 0 to 2 (default: the service's).")
    var temperature: Double?

    @Option(name: .customLong("max-tokens"), help: "Longest answer in tokens (default: the service's).")
    var maxTokens: Int?

    @Option(name: .long, help: "Retries after rate limits, server errors and dropped connections (0–10).")
    var retries: Int = 2

    @Option(
        name: .customLong("connect-timeout"),
        help: ArgumentHelp(
            "Seconds to open the connection to the model server (default 5 for a local or private address, else 10; $JOBHUNTER_CONNECT_TIMEOUT).",
            valueName: "SECONDS"))
    var connectTimeout: Double?

    @Option(
        name: .customLong("first-token-timeout"),
        help: ArgumentHelp(
            "Seconds from sending a request to the first token: a CPU server reads the whole prompt first (default 300 local, 90 hosted; $JOBHUNTER_FIRST_TOKEN_TIMEOUT).",
            valueName: "SECONDS"))
    var firstTokenTimeout: Double?

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "Seconds of silence allowed inside a streamed answer (default 120 local, 60 hosted; $JOBHUNTER_IDLE_TIMEOUT).",
            valueName: "SECONDS"))
    var idleTimeout: Double?

    @Option(
        name: .customLong("model-timeout"),
        help: ArgumentHelp(
            "Seconds one model request may take in all (default 900 local, 300 hosted; $JOBHUNTER_MODEL_TIMEOUT).", valueName: "SECONDS"))
    var modelTimeout: Double?

    @Option(
        name: .customLong("context-tokens"), help: "Token budget for conversation history (default: 60% of the model's context window).")
    var contextTokens: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("A TSV of model prices that overrides data/model_catalog.tsv (default: $JOBHUNTER_PRICES).", valueName: "FILE"))
    var prices: String?

    func validate() throws {
        if let temperature, !(0...2).contains(temperature) { throw ValidationError("--temperature must be between 0 and 2") }
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
        if !(0...10).contains(retries) { throw ValidationError("--retries must be between 0 and 10") }
        if let contextTokens, contextTokens < 512 { throw ValidationError("--context-tokens must be at least 512") }
        if let baseURL { _ = try Self.parseBaseURL(baseURL, source: "--base-url") }
        for (name, value) in [
            ("--connect-timeout", connectTimeout), ("--first-token-timeout", firstTokenTimeout),
            ("--idle-timeout", idleTimeout), ("--model-timeout", modelTimeout),
        ] {
            if let value, !(0.1...86_400).contains(value) { throw ValidationError("\(name) must be between 0.1 and 86400 seconds") }
        }
    }

    /// The defaults for the server's address, then the environment, then flags.
    func timeouts(for baseURL: URL, environment: [String: String]) throws -> ModelTimeouts {
        var timeouts = ModelTimeouts.defaults(for: baseURL)
        func seconds(_ flag: Double?, _ variable: String) throws -> Duration? {
            if let flag { return .milliseconds(Int64(flag * 1000)) }
            guard let text = environment[variable], !text.isEmpty else { return nil }
            guard let value = Double(text), (0.1...86_400).contains(value) else {
                throw ValidationError("\(variable) must be a number of seconds between 0.1 and 86400, not \"\(text)\"")
            }
            return .milliseconds(Int64(value * 1000))
        }
        if let value = try seconds(connectTimeout, "JOBHUNTER_CONNECT_TIMEOUT") { timeouts.connect = value }
        if let value = try seconds(firstTokenTimeout, "JOBHUNTER_FIRST_TOKEN_TIMEOUT") { timeouts.firstToken = value }
        if let value = try seconds(idleTimeout, "JOBHUNTER_IDLE_TIMEOUT") { timeouts.idle = value }
        if let value = try seconds(modelTimeout, "JOBHUNTER_MODEL_TIMEOUT") { timeouts.total = value }
        return timeouts
    }

    enum Choice {
        case local
        case openAI(OpenAIConfiguration)
    }

    /// Decides between the offline model and an OpenAI-compatible one, from flags first, then the environment.
    func choice(environment: [String: String]) throws -> Choice {
        if offline { return .local }
        let key = environment["OPENAI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let base =
            try
            (baseURL.map { try Self.parseBaseURL($0, source: "--base-url") }
            ?? environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }.map { try Self.parseBaseURL($0, source: "OPENAI_BASE_URL") })
        let name = model ?? environment["OPENAI_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        guard key != nil || base != nil || model != nil else { return .local }
        let resolvedBase = base ?? OpenAIConfiguration.defaultBaseURL
        let isOpenAI = resolvedBase.host == "api.openai.com"
        if isOpenAI && key == nil {
            throw ValidationError("OPENAI_API_KEY is not set; set it, pass --base-url for a local server, or use --offline")
        }
        guard let modelName = name ?? (isOpenAI ? OpenAIConfiguration.defaultModel : nil) else {
            throw ValidationError("--model (or OPENAI_MODEL) is required with a custom base URL, e.g. --model llama3.1")
        }
        return .openAI(
            OpenAIConfiguration(
                baseURL: resolvedBase, apiKey: key, model: modelName, temperature: temperature, maxTokens: maxTokens,
                retry: RetryPolicy(maxRetries: retries), timeouts: try timeouts(for: resolvedBase, environment: environment)))
    }

    static func parseBaseURL(_ text: String, source: String) throws -> URL {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else {
            throw ValidationError("\(source) must be an http(s) URL such as http://127.0.0.1:11434/v1, not \"\(text)\"")
        }
        return url
    }

    /// The shipped price table, with the user's overrides merged in.
    func catalog(resourceRoot: URL, environment: [String: String]) throws -> ModelCatalog {
        var catalog = (try? ModelCatalog.load(resourceRoot.appendingPathComponent("data/model_catalog.tsv"))) ?? ModelCatalog()
        if let file = prices ?? environment["JOBHUNTER_PRICES"].flatMap({ $0.isEmpty ? nil : $0 }) {
            catalog.merge(try ModelCatalog.load(URL(fileURLWithPath: (file as NSString).expandingTildeInPath)))
        }
        return catalog
    }
}
