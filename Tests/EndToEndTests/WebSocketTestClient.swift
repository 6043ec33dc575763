import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal RFC 6455 client over a plain socket, for driving the server exactly as a browser would.
final class WebSocketTestClient {
    let socket: Int32
    private var buffer: [UInt8] = []
    /// The HTTP status of the handshake response.
    private(set) var status = 0
    /// The handshake response's headers, names lowercased.
    private(set) var responseHeaders: [String: String] = [:]

    init(port: Int, path: String = "/ws", headers: [String: String]) throws {
        guard let socket = Self.connectLocal(port: port) else { throw POSIXError(.ECONNREFUSED) }
        self.socket = socket
        var request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        send(Array((request + "\r\n").utf8))
        while !(String(decoding: buffer, as: UTF8.self).contains("\r\n\r\n")) {
            guard readMore() else { break }
        }
        let text = String(decoding: buffer, as: UTF8.self)
        status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        if let end = text.range(of: "\r\n\r\n") {
            for line in text[..<end.lowerBound].split(separator: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                responseHeaders[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let consumed = text[..<end.upperBound].utf8.count
            buffer.removeFirst(min(consumed, buffer.count))
        }
        if status != 101 { buffer.removeAll() }
    }

    deinit { close(socket) }

    /// A socket connected to 127.0.0.1:port with a 20 s receive timeout, or nil when nothing listens.
    static func connectLocal(port: Int, from source: String? = nil) -> Int32? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            // Any 127.x.y.z is this machine: binding one lets a test play a second host, such as a proxy.
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            _ = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            return nil
        }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    /// Sends raw bytes on a fresh connection and returns everything the server writes until it closes
    /// (or 20 s pass), for requests a well-behaved client would never send.
    static func rawExchange(port: Int, from source: String? = nil, _ bytes: [UInt8]) -> String {
        guard let socket = connectLocal(port: port, from: source) else { return "" }
        defer { close(socket) }
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func sendText(_ text: String) {
        let payload = Array(text.utf8)
        let mask: [UInt8] = [1, 2, 3, 4]
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame += [0x80 | 127] + (0..<8).reversed().map { UInt8((payload.count >> (8 * $0)) & 0xFF) }
        }
        send(frame + mask + payload.enumerated().map { $0.element ^ mask[$0.offset & 3] })
    }

    /// The next frame from the server as (opcode, payload), nil when the connection ends.
    func nextFrame() -> (opcode: UInt8, payload: [UInt8])? {
        while true {
            if buffer.count >= 2 {
                var length = Int(buffer[1] & 0x7F)
                var offset = 2
                if length == 126, buffer.count >= 4 {
                    length = Int(buffer[2]) << 8 | Int(buffer[3])
                    offset = 4
                }
                if length < 126 || offset == 4, buffer.count >= offset + length {
                    let frame = (buffer[0] & 0x0F, Array(buffer[offset..<(offset + length)]))
                    buffer.removeFirst(offset + length)
                    return frame
                }
            }
            guard readMore() else { return nil }
        }
    }

    /// JSON text messages until one satisfies `done`.
    func messages(until done: ([String: Any]) -> Bool) -> [[String: Any]] {
        var seen: [[String: Any]] = []
        while let frame = nextFrame() {
            guard frame.opcode == 1, let object = (try? JSONSerialization.jsonObject(with: Data(frame.payload))) as? [String: Any] else {
                continue
            }
            seen.append(object)
            if done(object) { break }
        }
        return seen
    }

    private func readMore() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }
}
