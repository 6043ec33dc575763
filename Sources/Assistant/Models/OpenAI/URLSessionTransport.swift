import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `StreamingHTTPTransport` over URLSession (libcurl on Linux). `URLSession.bytes(for:)` does not exist on
/// Linux, so a data delegate bridges each received chunk into the body stream as it arrives.
package struct URLSessionTransport: StreamingHTTPTransport {
    package init() {}

    package func send(_ request: HTTPRequest, timeout: Duration) async throws -> StreamingHTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        // URLSession's own timer restarts on every byte; the model's watchdog handles stream timeouts,
        // so this only bounds connecting and waiting for the response head.
        urlRequest.timeoutInterval = max(1, Double(timeout.components.seconds))

        let bridge = StreamBridge()
        let session = URLSession(configuration: .ephemeral, delegate: bridge, delegateQueue: nil)
        let task = session.dataTask(with: urlRequest)
        let body = AsyncThrowingStream<[UInt8], Error> { continuation in
            bridge.attach(continuation)
            continuation.onTermination = { _ in
                task.cancel()
                session.finishTasksAndInvalidate()
            }
        }
        return try await withTaskCancellationHandler {
            let head = try await withCheckedThrowingContinuation { continuation in
                bridge.onHead(continuation)
                task.resume()
            }
            return StreamingHTTPResponse(head: head, body: body)
        } onCancel: {
            task.cancel()
        }
    }
}

/// Receives URLSession delegate callbacks on URLSession's queue and hands them to async code.
/// Sendable: all mutable state is inside a Mutex.
private final class StreamBridge: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var headContinuation: CheckedContinuation<HTTPResponseHead, Error>?
        var bodyContinuation: AsyncThrowingStream<[UInt8], Error>.Continuation?
        var bufferedBody: [[UInt8]] = []
        var finished: Error??
    }

    private let state = Mutex(State())

    func onHead(_ continuation: CheckedContinuation<HTTPResponseHead, Error>) {
        state.withLock { $0.headContinuation = continuation }
    }

    func attach(_ continuation: AsyncThrowingStream<[UInt8], Error>.Continuation) {
        let (buffered, finished) = state.withLock { state -> ([[UInt8]], Error??) in
            state.bodyContinuation = continuation
            defer { state.bufferedBody = [] }
            return (state.bufferedBody, state.finished)
        }
        for chunk in buffered { continuation.yield(chunk) }
        if let finished { continuation.finish(throwing: finished) }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        let head = HTTPResponseHead(status: http?.statusCode ?? 0, headers: headers)
        let continuation = state.withLock { state -> CheckedContinuation<HTTPResponseHead, Error>? in
            defer { state.headContinuation = nil }
            return state.headContinuation
        }
        continuation?.resume(returning: head)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let chunk = [UInt8](data)
        let continuation = state.withLock { state -> AsyncThrowingStream<[UInt8], Error>.Continuation? in
            if state.bodyContinuation == nil { state.bufferedBody.append(chunk) }
            return state.bodyContinuation
        }
        continuation?.yield(chunk)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let failure: Error? = error.map { Self.transportError($0) }
        let (head, body) = state.withLock {
            state -> (CheckedContinuation<HTTPResponseHead, Error>?, AsyncThrowingStream<[UInt8], Error>.Continuation?) in
            defer {
                state.headContinuation = nil
                state.finished = .some(failure)
            }
            return (state.headContinuation, state.bodyContinuation)
        }
        head?.resume(throwing: failure ?? TransportError.connectionFailed("the server closed the connection without answering"))
        body?.finish(throwing: failure)
        session.finishTasksAndInvalidate()
    }

    private static func transportError(_ error: Error) -> Error {
        let nsError = error as NSError
        if nsError.domain == NSURLErrorDomain {
            switch nsError.code {
            case NSURLErrorCancelled: return CancellationError()
            case NSURLErrorTimedOut: return TransportError.timedOut
            case NSURLErrorCannotConnectToHost: return TransportError.connectionFailed("connection refused")
            case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return TransportError.connectionFailed("unknown host")
            case NSURLErrorNetworkConnectionLost: return TransportError.connectionFailed("the connection was lost")
            case NSURLErrorNotConnectedToInternet: return TransportError.connectionFailed("no network connection")
            default: break
            }
        }
        return TransportError.connectionFailed(nsError.localizedDescription)
    }
}
