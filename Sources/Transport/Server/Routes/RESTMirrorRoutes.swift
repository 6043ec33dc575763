import Assistant
import NIOHTTP1

/// The seed's REST endpoints: each checks the token, turns the request into tool arguments, and answers with
/// the tool's result, so REST and chat share one implementation.
extension HTTPServer {
    func addRESTMirrorRoutes(to router: inout HTTPRouter) {
        for route in RESTRoute.all {
            router.add(HTTPMethod(rawValue: route.method), route.path, access: .token) { [self] request, context in
                try await mirror(route, request, userID: context.userID)
            }
        }
    }

    private func mirror(_ route: RESTRoute, _ request: ServerRequest, userID: Int64?) async throws -> ServerResponse {
        guard backend.toolSchemas.contains(where: { $0.name == route.tool }) else {
            return .error(501, "\(route.method) \(route.path) is not available in this build (tool \(route.tool) is missing)")
        }
        let arguments: JSONValue
        do {
            arguments = try route.arguments(body: request.body, query: request.query)
        } catch .invalidJSON {
            return .error(400, "the body is not valid JSON")
        } catch {
            return .error(400, "the body must be a JSON object of the tool's arguments (see /openapi.json)")
        }
        guard let userID else { return .error(401, TokenVerifier.missing) }
        if let wait = quotas.turns.spend(String(userID), now: clock.now()) {
            metrics.recordRefusal("rate_limit")
            return .json(429, ["error": .string("too many requests; try again in \(wait) s"), "retry_after": .number(Double(wait))])
        }
        let conversation = try await backend.conversation(userID: userID)
        let (content, failed) = await conversation.callTool(route.tool, arguments: arguments)
        return .json(failed ? 422 : 200, content)
    }
}
