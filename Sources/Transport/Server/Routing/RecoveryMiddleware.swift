import Assistant

/// Turns an error a route threw into an answer: 503 with the reason when the failure is temporary (the database
/// is restarting), else a 500 that tells the client nothing; the cause travels to the log line, never to the client.
struct RecoveryMiddleware: HTTPMiddleware {
    func respond(to request: ServerRequest, context: RequestContext, next: HTTPResponder) async throws -> ServerResponse {
        do {
            return try await next(request, context)
        } catch let failure as any TemporaryFailure where failure.isTemporary {
            var response = ServerResponse.error(503, String(describing: failure))
            response.failure = "\(failure)"
            return response
        } catch {
            var response = ServerResponse.error(500, "the server failed to handle the request")
            response.failure = "\(error)"
            return response
        }
    }
}
