import Assistant
import Foundation
import Storage

/// Asks job boards for postings matching a query and adds them to the index: boards in parallel,
/// pages politely spaced, every request under a deadline, every outcome recorded.
package struct JobRefresher: Sendable {
    let sources: [any JobSource]
    let transport: any StreamingHTTPTransport
    let jobs: any JobStore
    let runs: any SourceRunStore
    let normalizer: JobNormalizer
    let clock: WallClock
    let sleep: @Sendable (Duration) async throws -> Void
    /// Longest wait for one page, from sending the request to the end of its body.
    package var requestTimeout: Duration = .seconds(20)
    package static let maxResponseBytes = 20 * 1_048_576

    package init(
        sources: [any JobSource], transport: any StreamingHTTPTransport, jobs: any JobStore, runs: any SourceRunStore,
        normalizer: JobNormalizer, clock: WallClock = .system,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.sources = sources
        self.transport = transport
        self.jobs = jobs
        self.runs = runs
        self.normalizer = normalizer
        self.clock = clock
        self.sleep = sleep
    }

    /// Refreshes from every source (or those named), calling `progress` as each finishes.
    package func refresh(
        _ query: SourceQuery, only names: Set<String>? = nil, progress: @escaping @Sendable (SourceRun) -> Void = { _ in }
    ) async -> [SourceRun] {
        let chosen = sources.filter { names?.contains($0.name) ?? true }
        return await withTaskGroup(of: SourceRun.self) { group in
            for source in chosen {
                group.addTask {
                    let run = await refresh(source, query)
                    try? await runs.record(run)
                    progress(run)
                    return run
                }
            }
            var finished: [SourceRun] = []
            for await run in group { finished.append(run) }
            return finished.sorted { $0.source < $1.source }
        }
    }

    func refresh(_ source: any JobSource, _ query: SourceQuery) async -> SourceRun {
        let started = ContinuousClock.now
        let label = [query.text, query.location].compactMap { $0 }.joined(separator: " in ")
        func run(_ status: SourceRun.Status, reason: String? = nil, fetched: Int = 0, new: Int = 0) -> SourceRun {
            let elapsed = ContinuousClock.now - started
            let milliseconds = Int(elapsed.inMilliseconds)
            return SourceRun(
                source: source.name, query: label, status: status, reason: reason, fetched: fetched, new: new,
                latencyMilliseconds: milliseconds, at: clock.now())
        }
        if let missing = source.missingConfiguration {
            return run(.failed, reason: SourceError.notConfigured(missing).description)
        }
        do {
            var postings: [JobPosting] = []
            for page in 1...max(1, source.maxPages) {
                if page > 1 { try await sleep(source.politeInterval) }
                let body = try await fetch(try source.request(for: query, page: page))
                let parsed = try source.parse(body, query: query, page: page)
                postings += parsed.postings.map(normalizer.normalize)
                if !parsed.hasMore { break }
            }
            guard !postings.isEmpty else { return run(.empty) }
            let report = try await jobs.upsert(postings)
            return run(.ok, fetched: postings.count, new: report.inserted)
        } catch {
            let reason = SecretRedactor(secrets: source.secrets).redact(String(describing: error))
            return run(.failed, reason: reason)
        }
    }

    /// One request under `requestTimeout`, its body capped at `maxResponseBytes`.
    private func fetch(_ request: HTTPRequest) async throws -> Data {
        let transport = self.transport
        let timeout = requestTimeout
        let sleep = self.sleep
        return try await withThrowingTaskGroup(of: Data?.self) { group in
            group.addTask {
                let response: StreamingHTTPResponse
                do {
                    response = try await transport.send(request, timeout: timeout)
                } catch let error as TransportError {
                    throw error == .timedOut ? SourceError.timedOut : SourceError.transport(error.description)
                }
                var body = Data()
                do {
                    for try await chunk in response.body {
                        body.append(contentsOf: chunk)
                        if body.count > Self.maxResponseBytes { throw SourceError.schemaChanged("response larger than 20 MB") }
                    }
                } catch let error as TransportError {
                    throw SourceError.transport(error.description)
                }
                guard response.head.status == 200 else { throw SourceError.http(response.head.status) }
                return body
            }
            group.addTask {
                try await sleep(timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let body = first else { throw SourceError.timedOut }
            return body
        }
    }
}
