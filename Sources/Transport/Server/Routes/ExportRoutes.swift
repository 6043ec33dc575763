import NIOCore

/// `GET /exports/{name}`: a user's own exported files, and nothing else.
extension HTTPServer {
    func addExportRoutes(to router: inout HTTPRouter) {
        router.add(.GET, .prefix("/exports/"), access: .token) { [self] request, context in
            let name = String(request.path.dropFirst("/exports/".count))
            // 404 for anything not the caller's, whether it exists or not.
            guard let userID = context.userID, let found = await backend.exportFile(userID: userID, name: name) else {
                return .error(404, "no such export")
            }
            let type =
                name.hasSuffix(".md")
                ? "text/markdown; charset=utf-8" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            return ServerResponse(
                status: 200, body: ByteBuffer(bytes: found), contentType: type,
                headers: [("content-disposition", "attachment; filename=\"\(name)\"")])
        }
    }
}
