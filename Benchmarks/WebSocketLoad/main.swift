import CZlib
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Load generator for the WebSocket benchmark (driven by Benchmarks/websocket.py), on raw blocking sockets so
// that it measures every server the same way.
//   WebSocketLoad echo PORT PATH CONNECTIONS SECONDS SIZE [deflate]  → one JSON line: messages/s, p50, p99 latency
//   WebSocketLoad idle PORT PATH COUNT TOKEN [deflate]               → holds COUNT connections open until stdin closes
// With `deflate` the client offers permessage-deflate without context takeover on either side, sends each message
// compressed and checks that the server's answers are compressed too.

struct LoadError: Error, CustomStringConvertible {
    let description: String
}

/// One client connection: the RFC 6455 handshake, then masked frames out and unmasked frames in.
final class RawClient: @unchecked Sendable {
    // @unchecked Sendable: each client is used by exactly one thread.
    let socket: Int32
    /// The server's Sec-WebSocket-Extensions answer, if any.
    private(set) var extensions: String?

    init(port: Int, path: String, token: String?, deflate: Bool = false) throws {
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
        guard connected == 0 else {
            close(socket)
            throw LoadError(description: "connect failed: errno \(errno)")
        }
        var request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        if deflate { request += "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n" }
        try write(Array((request + "\r\n").utf8))
        var response: [UInt8] = []
        while !response.suffix(4).elementsEqual([13, 10, 13, 10]) { response += try read(1) }
        guard String(decoding: response, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            close(socket)
            throw LoadError(description: "no upgrade: \(String(decoding: response.prefix(60), as: UTF8.self))")
        }
        extensions = String(decoding: response, as: UTF8.self).split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("sec-websocket-extensions:") }
            .map { String($0.dropFirst("sec-websocket-extensions:".count)).trimmingCharacters(in: .whitespaces) }
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

    static func maskedTextFrame(_ payload: [UInt8], compressed: Bool = false) -> [UInt8] {
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var frame: [UInt8] = [compressed ? 0xC1 : 0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> (8 * $0)) & 0xFF) }
        }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return frame
    }

    /// Reads one unfragmented server frame and returns its payload and whether RSV1 (compressed) was set.
    func readFrame() throws -> (payload: [UInt8], compressed: Bool) {
        let header = try read(2)
        var length = Int(header[1] & 0x7F)
        if length == 126 {
            let extended = try read(2)
            length = Int(extended[0]) << 8 | Int(extended[1])
        } else if length == 127 {
            length = try read(8).reduce(0) { $0 << 8 | Int($1) }
        }
        return (try read(length), header[0] & 0x40 != 0)
    }
}

/// Raw DEFLATE as permessage-deflate sends it (no context takeover): compress, flush, drop the 00 00 FF FF tail.
func rawDeflate(_ input: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard czlib_deflate_init_window(&stream, 15, 8, Z_DEFAULT_STRATEGY) == Z_OK else { return input }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: input.count + 1024)
    var source = input
    let produced = source.withUnsafeMutableBufferPointer { from in
        output.withUnsafeMutableBufferPointer { to -> Int in
            stream.next_in = from.baseAddress
            stream.avail_in = UInt32(from.count)
            stream.next_out = to.baseAddress
            stream.avail_out = UInt32(to.count)
            _ = deflate(&stream, Z_SYNC_FLUSH)
            return to.count - Int(stream.avail_out)
        }
    }
    return Array(output.prefix(max(0, produced - 4)))
}

func rawInflate(_ input: [UInt8], expected: Int) -> [UInt8] {
    var stream = z_stream()
    guard czlib_inflate_init_window(&stream, 15) == Z_OK else { return [] }
    defer { inflateEnd(&stream) }
    var source = input + [0x00, 0x00, 0xFF, 0xFF]
    var output = [UInt8](repeating: 0, count: expected + 1024)
    let produced = source.withUnsafeMutableBufferPointer { from in
        output.withUnsafeMutableBufferPointer { to -> Int in
            stream.next_in = from.baseAddress
            stream.avail_in = UInt32(from.count)
            stream.next_out = to.baseAddress
            stream.avail_out = UInt32(to.count)
            _ = inflate(&stream, Z_SYNC_FLUSH)
            return to.count - Int(stream.avail_out)
        }
    }
    return Array(output.prefix(produced))
}

/// Chat-like text of a given size: words from a small vocabulary in a fixed pseudo-random order, so it compresses
/// the way English and JSON do (about 3:1), not like a run of one letter.
func sampleText(size: Int) -> [UInt8] {
    let words = [
        "the", "registered", "nurse", "job", "in", "Chicago", "pays", "$82,000", "a", "year", "{\"type\":",
        "\"delta\",", "\"text\":", "accountant", "with", "CPA", "and", "QuickBooks", "remote", "truck", "driver",
        "CDL", "interview", "question", "answer", "Situation", "Task", "Action", "Result", "cover", "letter",
    ]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var text: [UInt8] = []
    text.reserveCapacity(size + 16)
    while text.count < size {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += Array(words[Int(state >> 33) % words.count].utf8) + [0x20]
    }
    return Array(text.prefix(size))
}

/// What the client threads report, guarded by `lock`.
final class Results: @unchecked Sendable {
    let lock = NSLock()
    var latencies: [Double] = []
    var failures: [String] = []
}

func echoLoad(port: Int, path: String, connections: Int, seconds: Double, size: Int, deflate: Bool) throws {
    let payload = sampleText(size: size)
    let frame = deflate ? RawClient.maskedTextFrame(rawDeflate(payload), compressed: true) : RawClient.maskedTextFrame(payload)
    let clients = try (0..<connections).map { _ in try RawClient(port: port, path: path, token: nil, deflate: deflate) }
    if deflate, let refused = clients.first(where: { $0.extensions?.hasPrefix("permessage-deflate") != true }) {
        throw LoadError(description: "the server did not agree to permessage-deflate: \(refused.extensions ?? "no extension header")")
    }
    let results = Results()
    let group = DispatchGroup()
    let deadline = Date().addingTimeInterval(seconds)
    for client in clients {
        group.enter()
        Thread {
            var mine: [Double] = []
            mine.reserveCapacity(200_000)
            // Without context takeover every answer to the same message is the same bytes: the first is inflated and
            // compared, the rest compared by length, so the client's own zlib work does not dominate the run.
            var expectedLength: Int?
            do {
                while Date() < deadline {
                    let start = DispatchTime.now().uptimeNanoseconds
                    try client.write(frame)
                    let echoed = try client.readFrame()
                    if deflate, echoed.compressed {
                        if expectedLength == nil {
                            guard rawInflate(echoed.payload, expected: payload.count) == payload else {
                                throw LoadError(description: "the compressed echo does not inflate to the message")
                            }
                            expectedLength = echoed.payload.count
                        }
                        guard echoed.payload.count == expectedLength else {
                            throw LoadError(description: "echo of \(echoed.payload.count) compressed bytes")
                        }
                    } else {
                        guard echoed.payload.count == payload.count else {
                            throw LoadError(description: "echo of \(echoed.payload.count) bytes")
                        }
                    }
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
    print(
        String(
            format: "{\"messages_per_s\": %.0f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"messages\": %d}",
            Double(latencies.count) / seconds, percentile(0.5), percentile(0.99), latencies.count))
}

func holdIdle(port: Int, path: String, count: Int, token: String, deflate: Bool) throws {
    var clients: [RawClient] = []
    clients.reserveCapacity(count)
    for _ in 0..<count { clients.append(try RawClient(port: port, path: path, token: token, deflate: deflate)) }
    if deflate, let refused = clients.first(where: { $0.extensions?.hasPrefix("permessage-deflate") != true }) {
        throw LoadError(description: "the server did not agree to permessage-deflate: \(refused.extensions ?? "no extension header")")
    }
    FileHandle.standardOutput.write(Data("connected \(clients.count)\n".utf8))
    _ = readLine()
    clients.removeAll()
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch (arguments.first, arguments.count) {
    case ("echo", 6), ("echo", 7):
        try echoLoad(
            port: Int(arguments[1]) ?? 0, path: arguments[2], connections: Int(arguments[3]) ?? 50,
            seconds: Double(arguments[4]) ?? 5, size: Int(arguments[5]) ?? 512, deflate: arguments.count == 7 && arguments[6] == "deflate")
    case ("idle", 5), ("idle", 6):
        try holdIdle(
            port: Int(arguments[1]) ?? 0, path: arguments[2], count: Int(arguments[3]) ?? 10_000, token: arguments[4],
            deflate: arguments.count == 6 && arguments[5] == "deflate")
    default:
        FileHandle.standardError.write(
            Data("usage: WebSocketLoad echo PORT PATH CONNECTIONS SECONDS SIZE [deflate] | idle PORT PATH COUNT TOKEN [deflate]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("WebSocketLoad: \(error)\n".utf8))
    exit(1)
}
