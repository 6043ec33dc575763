import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Load generator for the WebSocket benchmark (driven by Benchmarks/websocket.py), on raw blocking sockets so
// that it measures every server the same way.
//   WebSocketLoad echo PORT PATH CONNECTIONS SECONDS SIZE  → one JSON line: messages/s, p50 and p99 latency
//   WebSocketLoad idle PORT PATH COUNT TOKEN               → holds COUNT connections open until stdin closes

struct LoadError: Error, CustomStringConvertible {
    let description: String
}

/// One client connection: the RFC 6455 handshake, then masked frames out and unmasked frames in.
final class RawClient: @unchecked Sendable {
    // @unchecked Sendable: each client is used by exactly one thread.
    let socket: Int32

    init(port: Int, path: String, token: String?) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoadError(description: "socket() failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(socket); throw LoadError(description: "connect failed: errno \(errno)") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        try write(Array((request + "\r\n").utf8))
        var response: [UInt8] = []
        while !response.suffix(4).elementsEqual([13, 10, 13, 10]) { response += try read(1) }
        guard String(decoding: response, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            close(socket)
            throw LoadError(description: "no upgrade: \(String(decoding: response.prefix(60), as: UTF8.self))")
        }
    }

    deinit { close(socket) }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw LoadError(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    func read(_ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = buffer[offset...].withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { throw LoadError(description: "connection closed") }
            offset += got
        }
        return buffer
    }

    static func maskedTextFrame(_ payload: [UInt8]) -> [UInt8] {
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return frame
    }

    /// Reads one unfragmented server frame and returns its payload.
    func readFrame() throws -> [UInt8] {
        let header = try read(2)
        var length = Int(header[1] & 0x7F)
        if length == 126 {
            let extended = try read(2)
            length = Int(extended[0]) << 8 | Int(extended[1])
        } else if length == 127 {
            length = try read(8).reduce(0) { $0 << 8 | Int($1) }
        }
        return try read(length)
    }
}

/// What the client threads report, guarded by `lock`.
final class Results: @unchecked Sendable {
    let lock = NSLock()
    var latencies: [Double] = []
    var failures: [String] = []
}

func echoLoad(port: Int, path: String, connections: Int, seconds: Double, size: Int) throws {
    let payload = Array(String(repeating: "x", count: size).utf8)
    let frame = RawClient.maskedTextFrame(payload)
    let clients = try (0..<connections).map { _ in try RawClient(port: port, path: path, token: nil) }
    let results = Results()
    let group = DispatchGroup()
    let deadline = Date().addingTimeInterval(seconds)
    for client in clients {
        group.enter()
        Thread {
            var mine: [Double] = []
            mine.reserveCapacity(200_000)
            do {
                while Date() < deadline {
                    let start = DispatchTime.now().uptimeNanoseconds
                    try client.write(frame)
                    let echoed = try client.readFrame()
                    guard echoed.count == payload.count else { throw LoadError(description: "echo of \(echoed.count) bytes") }
                    mine.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
            } catch {
                results.lock.withLock { results.failures.append("\(error)") }
            }
            results.lock.withLock { results.latencies += mine }
            group.leave()
        }.start()
    }
    group.wait()
    guard results.failures.isEmpty else { throw LoadError(description: results.failures[0]) }
    let latencies = results.latencies.sorted()
    let percentile = { (p: Double) in latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    print(String(format: "{\"messages_per_s\": %.0f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"messages\": %d}",
        Double(latencies.count) / seconds, percentile(0.5), percentile(0.99), latencies.count))
}

func holdIdle(port: Int, path: String, count: Int, token: String) throws {
    var clients: [RawClient] = []
    clients.reserveCapacity(count)
    for _ in 0..<count { clients.append(try RawClient(port: port, path: path, token: token)) }
    FileHandle.standardOutput.write(Data("connected \(clients.count)\n".utf8))
    _ = readLine()
    clients.removeAll()
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch (arguments.first, arguments.count) {
    case ("echo", 6):
        try echoLoad(port: Int(arguments[1]) ?? 0, path: arguments[2], connections: Int(arguments[3]) ?? 50,
            seconds: Double(arguments[4]) ?? 5, size: Int(arguments[5]) ?? 512)
    case ("idle", 5):
        try holdIdle(port: Int(arguments[1]) ?? 0, path: arguments[2], count: Int(arguments[3]) ?? 10_000, token: arguments[4])
    default:
        FileHandle.standardError.write(Data("usage: WebSocketLoad echo PORT PATH CONNECTIONS SECONDS SIZE | idle PORT PATH COUNT TOKEN\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("WebSocketLoad: \(error)\n".utf8))
    exit(1)
}
