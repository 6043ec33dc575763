import Foundation

/// HS256 JSON Web Tokens (RFC 7519). The algorithm is fixed by the server: a token whose header names any
/// other ("none", "RS256", …) is refused. The signature is checked, in constant time, before any claim is
/// read; time claims are checked against an injected date.
package struct JWTSigner: Sendable {
    package struct Claims: Codable, Sendable, Equatable {
        package var sub: String
        package var iat: Int
        package var nbf: Int
        package var exp: Int
        package var jti: String

        package init(sub: String, iat: Int, nbf: Int, exp: Int, jti: String) {
            self.sub = sub
            self.iat = iat
            self.nbf = nbf
            self.exp = exp
            self.jti = jti
        }
    }

    package enum Rejection: Error, Equatable, CustomStringConvertible {
        case malformed, wrongAlgorithm, badSignature, expired, notYetValid, issuedInFuture, missingClaims

        package var description: String {
            switch self {
            case .malformed: return "the token is malformed"
            case .wrongAlgorithm: return "the token's algorithm is not accepted"
            case .badSignature: return "the token's signature is invalid"
            case .expired: return "the token has expired"
            case .notYetValid: return "the token is not valid yet"
            case .issuedInFuture: return "the token was issued in the future"
            case .missingClaims: return "the token lacks required claims"
            }
        }
    }

    private let secret: [UInt8]
    /// Clock skew tolerated on nbf and iat.
    package var leeway: TimeInterval = 30

    package init(secret: [UInt8]) {
        self.secret = secret
    }

    static let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    package func sign(_ claims: Claims) throws -> String {
        let payload = Base64URL.encode(Array(try JSONEncoder().encode(claims)))
        let signingInput = Self.header + "." + payload
        return signingInput + "." + Base64URL.encode(Crypto.hmacSHA256(key: secret, data: Array(signingInput.utf8)))
    }

    package func verify(_ token: String, now: Date) throws -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, token.utf8.count <= 8_192, let headerBytes = Base64URL.decode(parts[0]),
            let signature = Base64URL.decode(parts[2])
        else { throw Rejection.malformed }
        guard let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any] else { throw Rejection.malformed }
        guard header["alg"] as? String == "HS256" else { throw Rejection.wrongAlgorithm }
        let expected = Crypto.hmacSHA256(key: secret, data: Array((parts[0] + "." + parts[1]).utf8))
        guard Crypto.constantTimeEqual(expected, signature) else { throw Rejection.badSignature }
        guard let payload = Base64URL.decode(parts[1]) else { throw Rejection.malformed }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload)), !claims.sub.isEmpty, !claims.jti.isEmpty else {
            throw Rejection.missingClaims
        }
        let time = now.timeIntervalSince1970
        guard Double(claims.exp) > time else { throw Rejection.expired }
        guard Double(claims.nbf) <= time + leeway else { throw Rejection.notYetValid }
        guard Double(claims.iat) <= time + leeway else { throw Rejection.issuedInFuture }
        return claims
    }
}
