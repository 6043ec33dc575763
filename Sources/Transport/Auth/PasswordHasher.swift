import Foundation

/// PBKDF2-HMAC-SHA256 password hashes, stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url),
/// with a 16-byte random salt. Verification compares in constant time. At 600,000 iterations one hash costs
/// about 100 ms, so servers must run it off their event loops.
package struct PasswordHasher: Sendable {
    package let iterations: Int

    package init(iterations: Int = 600_000) {
        self.iterations = iterations
    }

    package func hash(_ password: String) throws -> String {
        let salt = try Crypto.randomBytes(16)
        let derived = try Crypto.pbkdf2SHA256(password: Array(password.utf8), salt: salt, iterations: iterations)
        return "pbkdf2-sha256$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))"
    }

    /// False for a wrong password and for anything that is not a hash this type wrote.
    package func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), (1...10_000_000).contains(rounds),
            let salt = Base64URL.decode(parts[2]), let expected = Base64URL.decode(parts[3]), expected.count == 32,
            let derived = try? Crypto.pbkdf2SHA256(password: Array(password.utf8), salt: salt, iterations: rounds)
        else { return false }
        return Crypto.constantTimeEqual(derived, expected)
    }
}
