import Logging

/// Every refused or failed request, logged once: method, path, status and client, and for a 500 or 503 its cause.
/// Never the query, a header or a body, which may carry tokens, passwords or a person's data.
struct RequestLogMiddleware: HTTPMiddleware {
    func respond(to request: ServerRequest, context: RequestContext, next: HTTPResponder) async throws -> ServerResponse {
        let response = try await next(request, context)
        guard response.status >= 400 else { return response }
        var metadata: [String: Logger.MetadataValue] = ["status": "\(response.status)"]
        if let failure = response.failure {
            metadata["error"] = "\(failure)"
            if response.status == 500 {
                context.logger.error("request failed", metadata: metadata)
                return response
            }
        }
        context.logger.warning(response.status == 503 ? "request answered 503" : "request refused", metadata: metadata)
        return response
    }
}
