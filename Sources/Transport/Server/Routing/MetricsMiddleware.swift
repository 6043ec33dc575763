/// Counts answers by status for /metrics.
struct MetricsMiddleware: HTTPMiddleware {
    let metrics: ServerMetrics

    func respond(to request: ServerRequest, context: RequestContext, next: HTTPResponder) async throws -> ServerResponse {
        let response = try await next(request, context)
        metrics.recordResponse(status: response.status)
        return response
    }
}
