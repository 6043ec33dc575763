import Foundation
import NIOCore

/// `GET /exports/{name}`: a user's own exported files, and nothing else.
extension HTTPRequestHandler {
    /// One of the caller's exports, as an attachment; 404 for anything else, whether it exists or not.
    func download(_ context: ChannelHandlerContext, name: String, token: String?) {
        let server = self.server
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        Task {
            var found: Data?
            var refusal: HTTPRefusal?
            switch await Self.verify(token, server: server) {
            case .failure(let failure): refusal = failure
            case .success(let verified): found = await server.backend.exportFile(userID: verified.userID, name: name)
            }
            loopBound.eventLoop.execute { [found, refusal] in
                let (handler, context) = loopBound.value
                if let refusal { return handler.respond(context, refusal.status, ["error": .string(refusal.message)]) }
                guard let found else { return handler.respond(context, 404, ["error": "no such export"]) }
                let type =
                    name.hasSuffix(".md")
                    ? "text/markdown; charset=utf-8" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                handler.respond(
                    context, 200, bytes: ByteBuffer(bytes: found), type: type,
                    extra: ["content-disposition": "attachment; filename=\"\(name)\""])
            }
        }
    }
}
