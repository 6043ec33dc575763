import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Opens (and closes) one TCP connection to the model server, with its own deadline. URLSession on Linux has
/// no connect timeout of its own (its one timer also bounds the wait for the first byte), so this is how
/// "could not connect within 5 s" is told apart from "connected, but the server is still reading the prompt".
package enum ConnectProbe {
    package enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownHost(String)
        case refused(String)
        case timedOut(String)
        case failed(String, String)

        package var description: String {
            switch self {
            case .unknownHost(let address): return "the host \(address) was not found"
            case .refused(let address): return "nothing is listening at \(address) (connection refused)"
            case .timedOut(let address): return "no answer from \(address)"
            case .failed(let address, let reason): return "\(address): \(reason)"
            }
        }
    }

    /// Whether a probe means anything: behind an HTTP proxy the model server is not reached directly.
    package static func applies(to url: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        let proxies = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
        let host = url.host?.lowercased() ?? ""
        let bypassed = (environment["no_proxy"] ?? environment["NO_PROXY"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .contains { !$0.isEmpty && (host == $0 || host.hasSuffix($0.hasPrefix(".") ? $0 : "." + $0) || $0 == "*") }
        return bypassed || !proxies.contains { !(environment[$0] ?? "").isEmpty }
    }

    /// Connects to the URL's host and port within `timeout`, on a thread of its own.
    package static func check(_ url: URL, timeout: Duration) async throws(Failure) {
        let result = await BlockingWork.run { checkNow(url, timeout: timeout) }
        if let result { throw result }
    }

    /// The same check, blocking the calling thread: for start-up, before any task runs.
    package static func checkNow(_ url: URL, timeout: Duration) -> Failure? {
        let host = url.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) ?? ""
        return connect(host: host, port: url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80), timeout: timeout)
    }

    static func connect(host: String, port: Int, timeout: Duration) -> Failure? {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return .unknownHost(host) }
        defer { freeaddrinfo(list) }
        let deadline = ContinuousClock.now + timeout
        var lastFailure = Failure.timedOut(address)
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let descriptor = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            if Glibc.connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return nil }
            guard errno == EINPROGRESS else {
                lastFailure = errno == ECONNREFUSED ? .refused(address) : .failed(address, String(cString: strerror(errno)))
                continue
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return .timedOut(address) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let milliseconds = Int32(
                clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&poller, 1, max(1, milliseconds)) == 1 else {
                lastFailure = .timedOut(address)
                continue
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            if error == 0 { return nil }
            lastFailure = error == ECONNREFUSED ? .refused(address) : .failed(address, String(cString: strerror(error)))
        }
        return lastFailure
    }
}
