import Assistant
import Foundation
import NIOCore
import NIOHTTP1

/// Accounts and tokens: sign-in and registration with their rate limits, bearer-token checks, the client
/// address the limits count by.
extension HTTPRequestHandler {
    /// POST /auth/register and /auth/login: rate limits per address and name, then the account or a token.
    func signIn(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: String, isRegister: Bool) {
        // A JSON content type cannot be sent cross-site without a CORS preflight, so another web page cannot
        // make a visitor's browser register accounts here.
        if isRegister, !(head.headers.first(name: "content-type") ?? "").lowercased().hasPrefix("application/json") {
            return respond(context, 415, ["error": "send the registration as JSON with Content-Type: application/json"])
        }
        guard let credentials = Self.credentials(body) else {
            return respond(
                context, 400, ["error": "send JSON {\"username\": \"…\", \"password\": \"…\"} (username 1–64 characters, password 8–256)"])
        }
        let address = Self.clientAddress(
            peer: context.remoteAddress?.ipAddress, head: head, trustedProxies: server.configuration.trustedProxies)
        // Failures count per (address, name): a stranger's wrong guesses never lock the owner out from elsewhere;
        // the per-address limit still stops one client from spraying many names.
        let attemptKey = "\(address)|\(credentials.name.lowercased())"
        run(context) { server in
            let now = server.clock.now()
            let limits = server.configuration.loginLimits
            if !isRegister {
                // Reserve first, check second: the attempt counts as a failure before the slow hash, so parallel
                // guesses all see each other (checking first let 40 parallel guesses through). The check allows
                // one more than the limit because it sees this attempt's own reservation.
                try await server.auth.recordLoginFailure(username: attemptKey, address: address, now: now, limits: limits)
                let withThisAttempt = LoginLimits(
                    perUsername: limits.perUsername + 1, perAddress: limits.perAddress + 1, window: limits.window)
                if let wait = try await server.auth.loginRetryAfter(
                    username: attemptKey, address: address, now: now, limits: withThisAttempt)
                {
                    return (
                        429, ["error": .string("too many failed logins; try again in \(wait) s"), "retry_after": .number(Double(wait))]
                    )
                }
            }
            if isRegister {
                for (limiter, key) in [(server.quotas.registrationsPerAddress, address), (server.quotas.registrationsInAll, "all")] {
                    if let wait = limiter.spend(key, now: now) {
                        server.metrics.recordRefusal("rate_limit")
                        return (
                            429,
                            [
                                "error": .string("too many new accounts right now; try again in \(wait) s"),
                                "retry_after": .number(Double(wait)),
                            ]
                        )
                    }
                }
                do {
                    try await server.backend.register(name: credentials.name, password: credentials.password)
                    return (201, ["username": .string(credentials.name)])
                } catch BackendError.exists {
                    return (409, ["error": "that username is taken"])
                }
            }
            // A correct password clears the reservation for this (address, name).
            guard let userID = try await server.backend.authenticate(name: credentials.name, password: credentials.password) else {
                return (401, ["error": "wrong username or password"])
            }
            try await server.auth.recordLoginSuccess(username: attemptKey)
            let issued = Int(now.timeIntervalSince1970)
            let claims = JWTSigner.Claims(
                sub: String(userID), iat: issued, nbf: issued, exp: issued + Int(server.configuration.tokenLifetime),
                jti: Base64URL.encode(try Crypto.randomBytes(12)))
            return (200, ["token": .string(try server.signer.sign(claims)), "expires_in": .number(server.configuration.tokenLifetime)])
        }
    }

    /// The claims of a valid, unrevoked bearer token, or the refusal to send (401; 503 if the deny-list is unreachable).
    static func verify(
        _ token: String?, server: HTTPServer, missing: String = "send a token: Authorization: Bearer <jwt> (from POST /auth/login)"
    ) async -> Result<VerifiedToken, HTTPRefusal> {
        guard let token else { return .failure(HTTPRefusal(401, missing)) }
        let claims: JWTSigner.Claims
        let userID: Int64
        do {
            claims = try server.signer.verify(token, now: server.clock.now())
            guard let subject = Int64(claims.sub) else { return .failure(HTTPRefusal(401, "invalid token subject")) }
            userID = subject
        } catch let rejection as JWTSigner.Rejection {
            return .failure(HTTPRefusal(401, rejection.description))
        } catch {
            return .failure(HTTPRefusal(401, "invalid token"))
        }
        do {
            if try await server.auth.isRevoked(tokenID: claims.jti, now: server.clock.now()) {
                return .failure(HTTPRefusal(401, "the token was revoked (logged out); log in again"))
            }
        } catch {
            return .failure(HTTPRefusal(503, "cannot check the token right now: \(error)"))
        }
        return .success(VerifiedToken(userID: userID, claims: claims))
    }

    static func authorizationBearer(_ head: HTTPRequestHead) -> String? {
        head.headers.first(name: "authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
    }

    /// The client's address for rate limits. Behind a proxy named with `--trusted-proxy` (nginx, deploy/nginx.conf)
    /// the proxy's `X-Real-IP` names the client; from any other peer that header is ignored, because a client
    /// could set it to dodge the limit.
    static func clientAddress(peer: String?, head: HTTPRequestHead, trustedProxies: Set<String>) -> String {
        guard let peer else { return "unknown" }
        let trusted = trustedProxies.contains(peer) || (peer.hasPrefix("::ffff:") && trustedProxies.contains(String(peer.dropFirst(7))))
        if trusted, let forwarded = head.headers.first(name: "x-real-ip")?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty, forwarded.count <= 64
        {
            return forwarded
        }
        return peer
    }

    static func credentials(_ body: String) -> (name: String, password: String)? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            let name = (object["username"] as? String)?.trimmingCharacters(in: .whitespaces), (1...64).contains(name.count),
            !name.contains(where: \.isNewline), let password = object["password"] as? String, (8...256).contains(password.count)
        else { return nil }
        return (name, password)
    }
}

/// A bearer token that passed every check, with the user it names.
struct VerifiedToken {
    let userID: Int64
    let claims: JWTSigner.Claims
}

struct HTTPRefusal: Error {
    let status: Int
    let message: String

    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
}
