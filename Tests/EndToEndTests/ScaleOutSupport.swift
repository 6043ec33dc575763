import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL test server (JOBHUNTER_TEST_DATABASE_URL) and a fresh database on it per test.
enum TestPostgres {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "JOBHUNTER_REQUIRE_POSTGRES=1 but JOBHUNTER_TEST_DATABASE_URL is not set (scripts/test-postgres.sh start)"
        }
    }

    static var url: String? {
        ProcessInfo.processInfo.environment["JOBHUNTER_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the scale-out tests run: with a server, or (CI) because they are required and must fail without one.
    static var enabled: Bool { url != nil || ProcessInfo.processInfo.environment["JOBHUNTER_REQUIRE_POSTGRES"] == "1" }

    /// Creates an empty database with psql and returns its URL.
    static func freshDatabase() throws -> String {
        guard let url, let slash = url.lastIndex(of: "/") else { throw Missing() }
        let name = "jh_e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let result = try run("/usr/bin/env", ["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE \(name)"])
        guard result.status == 0 else { throw CommandFailed(output: result.output) }
        return url[..<slash] + "/" + name
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "psql failed: \(output)" }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// Debian's nginx running deploy/nginx.conf with the test's ports and a scratch prefix folder.
final class TestNginx {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "nginx is not installed (apt-get install nginx)" }
    }

    let process = Process()
    let port: Int

    init(upstreams: [Int], folder: URL) throws {
        let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else { throw Missing() }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var config = try String(contentsOf: repository.appendingPathComponent("deploy/nginx.conf"), encoding: .utf8)
        port = TestNginx.freePort()
        config = config.replacingOccurrences(of: "listen 127.0.0.1:8080;", with: "listen 127.0.0.1:\(port);")
        config = config.replacingOccurrences(of: "server 127.0.0.1:8081 ", with: "server 127.0.0.1:\(upstreams[0]) ")
        config = config.replacingOccurrences(of: "server 127.0.0.1:8082 ", with: "server 127.0.0.1:\(upstreams[1]) ")
        // Root starts nginx here; its workers must be able to use the prefix folder.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let file = folder.appendingPathComponent("nginx.conf")
        try config.write(to: file, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-p", folder.path, "-c", file.path, "-g", "daemon off;"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if let socket = WebSocketTestClient.connectLocal(port: port) {
                close(socket)
                return
            }
            usleep(50_000)
        }
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// A port nothing listens on right now.
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A TCP relay on 127.0.0.1 to a local port, whose `cut()` drops every connection and refuses new ones until
/// `restore()`: a database outage the test controls.
final class TCPRelay: @unchecked Sendable {
    // @unchecked Sendable: `lock` guards `open` and `sockets`.
    let port: Int
    private let listener: Int32
    private let targetPort: Int
    private let lock = NSLock()
    private var open = true
    private var sockets: [Int32] = []

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        let listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    func cut() {
        lock.withLock {
            open = false
            for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
            sockets.removeAll()
        }
    }

    func restore() { lock.withLock { open = true } }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            guard lock.withLock({ open }), let upstream = WebSocketTestClient.connectLocal(port: targetPort) else {
                close(client)
                continue
            }
            var noTimeout = timeval(tv_sec: 0, tv_usec: 0)
            setsockopt(upstream, SOL_SOCKET, SO_RCVTIMEO, &noTimeout, socklen_t(MemoryLayout<timeval>.size))
            lock.withLock { sockets += [client, upstream] }
            Thread.detachNewThread { Self.pump(from: client, to: upstream) }
            Thread.detachNewThread { Self.pump(from: upstream, to: client) }
        }
    }

    private static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            let sent = buffer.withUnsafeBytes { Glibc.send(destination, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
            guard sent == count else { break }
        }
        shutdown(destination, Int32(SHUT_RDWR))
        shutdown(source, Int32(SHUT_RDWR))
    }
}
