import Assistant
import Foundation
import NIOCore
import NIOHTTP1

extension HTTPRequestHandler {
    /// A seed endpoint: checks the token, turns the request into tool arguments, and answers with the result.
    func mirror(_ context: ChannelHandlerContext, _ route: RESTRoute, _ head: HTTPRequestHead, _ body: String) {
        let token = Self.authorizationBearer(head)
        guard server.backend.toolSchemas.contains(where: { $0.name == route.tool }) else {
            return respond(
                context, 501,
                ["error": .string("\(route.method) \(route.path) is not available in this build (tool \(route.tool) is missing)")])
        }
        let query = head.uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init)
        let arguments: JSONValue
        do {
            arguments = try route.arguments(body: body, query: query)
        } catch .invalidJSON {
            return respond(context, 400, ["error": "the body is not valid JSON"])
        } catch {
            return respond(context, 400, ["error": "the body must be a JSON object of the tool's arguments (see /openapi.json)"])
        }
        run(context) { server in
            let userID: Int64
            switch await Self.verify(token, server: server) {
            case .failure(let refusal): return (refusal.status, ["error": .string(refusal.message)])
            case .success(let verified): userID = verified.userID
            }
            if let wait = server.quotas.turns.spend(String(userID), now: server.clock.now()) {
                server.metrics.recordRefusal("rate_limit")
                return (429, ["error": .string("too many requests; try again in \(wait) s"), "retry_after": .number(Double(wait))])
            }
            let conversation = try await server.backend.conversation(userID: userID)
            let (content, failed) = await conversation.callTool(route.tool, arguments: arguments)
            return (failed ? 422 : 200, content)
        }
    }
}
