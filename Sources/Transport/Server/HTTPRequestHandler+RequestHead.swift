import NIOHTTP1

/// What is decided from a request's head alone, before its body is accepted: which routes need a token, whether
/// the token is genuine, and the pages' security headers.
extension HTTPRequestHandler {
    /// Enough for a login or a registration.
    static let smallBodyBytes = 16 * 1024

    /// Routes that act for a user: REST mirrors, logout, exports.
    static func needsToken(_ path: String) -> Bool {
        RESTRoute.knows(path: path) || path == "/auth/logout" || path.hasPrefix("/exports/")
    }

    /// The refusal for a request whose token is missing or fails its signature and time checks, decided from
    /// the head alone. The deny-list (logout) is checked later, when the request is complete.
    func headRefusal(_ head: HTTPRequestHead) -> HTTPRefusal? {
        guard let token = Self.authorizationBearer(head) else {
            return HTTPRefusal(401, "send a token: Authorization: Bearer <jwt> (from POST /auth/login)")
        }
        do {
            _ = try server.signer.verify(token, now: server.clock.now())
            return nil
        } catch let rejection as JWTSigner.Rejection {
            return HTTPRefusal(401, rejection.description)
        } catch {
            return HTTPRefusal(401, "invalid token")
        }
    }

    /// The chat page: its script only from /app.js, its connections only to this server (WebSocket included),
    /// never framed by another site.
    static let pagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    /// /docs is static HTML with inline styles and no script at all.
    static let documentPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}
