import Assistant
import Foundation

/// Checks bearer tokens: the signature and times from the token alone, then the deny-list every instance shares.
package struct TokenVerifier: Sendable {
    let signer: JWTSigner
    let auth: any AuthStateStore
    let clock: WallClock

    static let missing = "send a token: Authorization: Bearer <jwt> (from POST /auth/login)"

    /// The refusal for a token whose signature or times fail, decided without the database (at a request's head).
    func signatureRefusal(_ token: String?) -> HTTPRefusal? {
        guard let token else { return HTTPRefusal(401, Self.missing) }
        if case .failure(let refusal) = signed(token) { return refusal }
        return nil
    }

    /// The claims of a valid, unrevoked token, or the refusal to send (401; 503 when the deny-list is unreachable).
    func verify(_ token: String?, missing: String = missing) async -> Result<VerifiedToken, HTTPRefusal> {
        guard let token else { return .failure(HTTPRefusal(401, missing)) }
        let verified: VerifiedToken
        switch signed(token) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let checked): verified = checked
        }
        do {
            if try await auth.isRevoked(tokenID: verified.claims.jti, now: clock.now()) {
                return .failure(HTTPRefusal(401, "the token was revoked (logged out); log in again"))
            }
        } catch {
            return .failure(HTTPRefusal(503, "cannot check the token right now: \(error)"))
        }
        return .success(verified)
    }

    /// The token's claims and user when its signature, times and subject hold.
    private func signed(_ token: String) -> Result<VerifiedToken, HTTPRefusal> {
        do {
            let claims = try signer.verify(token, now: clock.now())
            guard let userID = Int64(claims.sub) else { return .failure(HTTPRefusal(401, "invalid token subject")) }
            return .success(VerifiedToken(userID: userID, claims: claims))
        } catch let rejection as JWTSigner.Rejection {
            return .failure(HTTPRefusal(401, rejection.description))
        } catch {
            return .failure(HTTPRefusal(401, "invalid token"))
        }
    }
}

/// A bearer token that passed every check, with the user it names.
package struct VerifiedToken: Sendable {
    package let userID: Int64
    package let claims: JWTSigner.Claims
}

/// A refusal decided before any route ran: its status and the sentence the client reads.
package struct HTTPRefusal: Error, Sendable {
    package let status: Int
    package let message: String

    package init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    var response: ServerResponse { .error(status, message) }
}
