import COpenSSL
import Foundation

/// The few primitives authentication needs, from the system's OpenSSL.
package enum Crypto {
    package enum Failure: Error {
        case openSSL(String)
    }

    package static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = key.withUnsafeBufferPointer { keyBuffer in
            data.withUnsafeBufferPointer { dataBuffer in
                HMAC(
                    EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count), dataBuffer.baseAddress, dataBuffer.count, &output, &length)
            }
        }
        return output
    }

    package static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        let status = password.withUnsafeBufferPointer { passwordBuffer in
            passwordBuffer.withMemoryRebound(to: CChar.self) { passwordChars in
                salt.withUnsafeBufferPointer { saltBuffer in
                    PKCS5_PBKDF2_HMAC(
                        passwordChars.baseAddress, Int32(passwordChars.count), saltBuffer.baseAddress, Int32(saltBuffer.count),
                        Int32(iterations), EVP_sha256(), Int32(length), &output)
                }
            }
        }
        guard status == 1 else { throw Failure.openSSL("PBKDF2") }
        return output
    }

    package static func sha1(_ data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 20)
        _ = data.withUnsafeBufferPointer { SHA1($0.baseAddress, $0.count, &output) }
        return output
    }

    package static func randomBytes(_ count: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&output, Int32(count)) == 1 else { throw Failure.openSSL("RAND_bytes") }
        return output
    }

    /// Equality that takes the same time wherever the inputs differ.
    package static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0 }
        }
    }
}

/// Base64url without padding (RFC 4648 §5), as JWT uses it.
package enum Base64URL {
    package static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func decode(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), text.count % 4 != 1 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
