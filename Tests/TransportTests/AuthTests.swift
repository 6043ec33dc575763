import Assistant
import Foundation
import Testing
import Transport

@Suite("Authentication primitives")
struct AuthTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("HMAC-SHA256 matches RFC 4231 test case 2, PBKDF2-SHA256 the known vector, SHA-1 the FIPS example")
    func knownAnswers() throws {
        #expect(
            hex(Crypto.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            hex(try Crypto.pbkdf2SHA256(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 1))
                == "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b")
        #expect(hex(Crypto.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            Crypto.constantTimeEqual([1, 2, 3], [1, 2, 3]) && !Crypto.constantTimeEqual([1, 2, 3], [1, 2, 4])
                && !Crypto.constantTimeEqual([1], [1, 2]))
        #expect(try Crypto.randomBytes(16) != Crypto.randomBytes(16))
    }

    @Test("password hashes verify the right password only, use a fresh salt each time, and reject junk")
    func passwords() throws {
        let hasher = PasswordHasher(iterations: 1_000)
        let first = try hasher.hash("correct horse")
        let second = try hasher.hash("correct horse")
        #expect(first.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(first != second, "random salt")
        #expect(hasher.verify("correct horse", against: first))
        #expect(!hasher.verify("correct horsf", against: first))
        for junk in ["", "plain", "pbkdf2-sha256$x$y$z", "pbkdf2-sha256$0$AAAA$AAAA", "md5$1$a$b"] {
            #expect(!hasher.verify("x", against: junk))
        }
        #expect(PasswordHasher().iterations == 600_000)
    }

    let now = Date(timeIntervalSince1970: 1_764_000_000)
    var claims: JWTSigner.Claims { JWTSigner.Claims(sub: "42", iat: 1_764_000_000, nbf: 1_764_000_000, exp: 1_764_003_600, jti: "j1") }

    @Test("a signed token verifies and returns its claims")
    func roundTrip() throws {
        let signer = JWTSigner(secret: Array("s3cret-s3cret-s3cret-s3cret-32b!".utf8))
        #expect(try signer.verify(try signer.sign(claims), now: now) == claims)
    }

    @Test("forged, tampered, expired, premature and alg-none tokens are refused with the reason")
    func rejections() throws {
        let signer = JWTSigner(secret: Array("s3cret-s3cret-s3cret-s3cret-32b!".utf8))
        let token = try signer.sign(claims)
        let parts = token.split(separator: ".").map(String.init)
        func header(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

        #expect(throws: JWTSigner.Rejection.badSignature) { try JWTSigner(secret: Array("other".utf8)).verify(token, now: now) }
        let tampered =
            parts[0] + "." + Base64URL.encode(Array(#"{"sub":"1","iat":1764000000,"nbf":1764000000,"exp":1864000000,"jti":"x"}"#.utf8))
            + "." + parts[2]
        #expect(throws: JWTSigner.Rejection.badSignature) { try signer.verify(tampered, now: now) }
        #expect(throws: JWTSigner.Rejection.wrongAlgorithm) {
            try signer.verify(header(#"{"alg":"none"}"#) + "." + parts[1] + ".", now: now)
        }
        #expect(throws: JWTSigner.Rejection.wrongAlgorithm) {
            try signer.verify(header(#"{"alg":"HS512"}"#) + "." + parts[1] + "." + parts[2], now: now)
        }
        #expect(throws: JWTSigner.Rejection.expired) { try signer.verify(token, now: now.addingTimeInterval(3_601)) }
        #expect(throws: JWTSigner.Rejection.notYetValid) { try signer.verify(token, now: now.addingTimeInterval(-120)) }
        for junk in ["", "a.b", "a.b.c.d", "!!!.???.***", String(repeating: "a", count: 10_000)] {
            #expect(throws: JWTSigner.Rejection.self) { try signer.verify(junk, now: now) }
        }
    }
}

@Suite("Login rate limiting")
struct InMemoryAuthStateTests {
    @Test("too many failures for a username or from an address lock logins out until they age out; success clears")
    func limits() async throws {
        let auth = InMemoryAuthState()
        let limits = LoginLimits(perUsername: 3, perAddress: 5, window: 60)
        let start = Date(timeIntervalSince1970: 1_000)
        for second in 0..<3 {
            try await auth.recordLoginFailure(
                username: "Ada", address: "10.0.0.1", now: start.addingTimeInterval(Double(second)), limits: limits)
        }
        #expect(
            try await auth.loginRetryAfter(username: "ada", address: "10.0.0.9", now: start.addingTimeInterval(5), limits: limits) == 55,
            "by username, case-insensitively")
        #expect(
            try await auth.loginRetryAfter(username: "bob", address: "10.0.0.9", now: start.addingTimeInterval(5), limits: limits) == nil)
        #expect(
            try await auth.loginRetryAfter(username: "ada", address: "10.0.0.9", now: start.addingTimeInterval(61), limits: limits) == nil,
            "failures age out")
        for index in 0..<5 { try await auth.recordLoginFailure(username: "x\(index)", address: "10.0.0.2", now: start, limits: limits) }
        #expect(
            try await auth.loginRetryAfter(username: "carol", address: "10.0.0.2", now: start.addingTimeInterval(1), limits: limits) != nil,
            "by address")
        try await auth.recordLoginFailure(username: "dee", address: "10.0.0.3", now: start, limits: limits)
        try await auth.recordLoginSuccess(username: "dee")
        #expect(try await auth.loginRetryAfter(username: "dee", address: "10.0.0.3", now: start, limits: limits) == nil)
        try await auth.revoke(tokenID: "t1", expiresAt: start.addingTimeInterval(60))
        #expect(try await auth.isRevoked(tokenID: "t1", now: start))
        #expect(try await auth.isRevoked(tokenID: "t1", now: start.addingTimeInterval(61)) == false)
    }
}
