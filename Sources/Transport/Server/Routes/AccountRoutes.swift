import Assistant
import Foundation
import NIOHTTP1

/// Accounts and tokens: registration and sign-in with their rate limits, and logout.
extension HTTPServer {
    func addAccountRoutes(to router: inout HTTPRouter) {
        router.add(.POST, "/auth/register") { [self] request, context in try await signIn(request, context, isRegister: true) }
        router.add(.POST, "/auth/login") { [self] request, context in try await signIn(request, context, isRegister: false) }
        router.add(.POST, "/auth/logout", access: .token) { [self] _, context in
            guard let claims = context.token?.claims else { return .error(401, TokenVerifier.missing) }
            // Revoked until it would have expired anyway; every instance checks the same deny-list.
            try await auth.revoke(tokenID: claims.jti, expiresAt: Date(timeIntervalSince1970: Double(claims.exp)))
            return .json(200, ["logged_out": true])
        }
    }

    /// Rate limits per address and name, then the account or a token.
    private func signIn(_ request: ServerRequest, _ context: RequestContext, isRegister: Bool) async throws -> ServerResponse {
        // A JSON content type cannot be sent cross-site without a CORS preflight, so another web page cannot
        // make a visitor's browser register accounts here.
        if isRegister, !(request.headers.first(name: "content-type") ?? "").lowercased().hasPrefix("application/json") {
            return .error(415, "send the registration as JSON with Content-Type: application/json")
        }
        guard let credentials = Self.credentials(request.body) else {
            return .error(400, "send JSON {\"username\": \"…\", \"password\": \"…\"} (username 1–64 characters, password 8–256)")
        }
        let address = context.clientAddress
        // Failures count per (address, name): a stranger's wrong guesses never lock the owner out from elsewhere;
        // the per-address limit still stops one client from spraying many names.
        let attemptKey = "\(address)|\(credentials.name.lowercased())"
        let now = clock.now()
        let limits = configuration.loginLimits
        if isRegister {
            for (limiter, key) in [(quotas.registrationsPerAddress, address), (quotas.registrationsInAll, "all")] {
                if let wait = limiter.spend(key, now: now) {
                    metrics.recordRefusal("rate_limit")
                    return Self.tooMany("too many new accounts right now; try again in \(wait) s", wait: wait)
                }
            }
            do {
                try await backend.register(name: credentials.name, password: credentials.password)
                return .json(201, ["username": .string(credentials.name)])
            } catch BackendError.exists {
                return .error(409, "that username is taken")
            }
        }
        // Reserve first, check second: the attempt counts as a failure before the slow hash, so parallel guesses
        // all see each other (checking first let 40 parallel guesses through). The check allows one more than the
        // limit because it sees this attempt's own reservation.
        try await auth.recordLoginFailure(username: attemptKey, address: address, now: now, limits: limits)
        let withThisAttempt = LoginLimits(perUsername: limits.perUsername + 1, perAddress: limits.perAddress + 1, window: limits.window)
        if let wait = try await auth.loginRetryAfter(username: attemptKey, address: address, now: now, limits: withThisAttempt) {
            return Self.tooMany("too many failed logins; try again in \(wait) s", wait: wait)
        }
        // A correct password clears the reservation for this (address, name).
        guard let userID = try await backend.authenticate(name: credentials.name, password: credentials.password) else {
            return .error(401, "wrong username or password")
        }
        try await auth.recordLoginSuccess(username: attemptKey)
        let issued = Int(now.timeIntervalSince1970)
        let claims = JWTSigner.Claims(
            sub: String(userID), iat: issued, nbf: issued, exp: issued + Int(configuration.tokenLifetime),
            jti: Base64URL.encode(try Crypto.randomBytes(12)))
        return .json(200, ["token": .string(try signer.sign(claims)), "expires_in": .number(configuration.tokenLifetime)])
    }

    private static func tooMany(_ message: String, wait: Int) -> ServerResponse {
        .json(429, ["error": .string(message), "retry_after": .number(Double(wait))])
    }

    static func credentials(_ body: String) -> (name: String, password: String)? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
            let name = (object["username"] as? String)?.trimmingCharacters(in: .whitespaces), (1...64).contains(name.count),
            !name.contains(where: \.isNewline), let password = object["password"] as? String, (8...256).contains(password.count)
        else { return nil }
        return (name, password)
    }

    /// The client's address for rate limits. Behind a proxy named with `--trusted-proxy` (nginx, deploy/nginx.conf)
    /// the proxy's `X-Real-IP` names the client; from any other peer that header is ignored, because a client
    /// could set it to dodge the limit.
    static func clientAddress(peer: String?, headers: HTTPHeaders, trustedProxies: Set<String>) -> String {
        guard let peer else { return "unknown" }
        let trusted = trustedProxies.contains(peer) || (peer.hasPrefix("::ffff:") && trustedProxies.contains(String(peer.dropFirst(7))))
        if trusted, let forwarded = headers.first(name: "x-real-ip")?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty, forwarded.count <= 64
        {
            return forwarded
        }
        return peer
    }
}
