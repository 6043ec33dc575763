import Foundation
import Storage

/// Refreshes the index for a chat search without making the user wait. The same query is refreshed
/// at most once per `interval`, so repeated searches do not hammer the boards; each refresh ends on
/// its own through the refresher's request timeouts.
package actor BackgroundRefresh {
    private let refresher: JobRefresher
    private let interval: TimeInterval
    private var lastStarted: [String: Date] = [:]
    private var running: [Task<Void, Never>] = []

    package init(refresher: JobRefresher, interval: TimeInterval = 600) {
        self.refresher = refresher
        self.interval = interval
    }

    package nonisolated func trigger(_ query: SourceQuery) {
        Task { await self.start(query) }
    }

    private func start(_ query: SourceQuery) {
        let key = [query.text ?? "", query.location ?? ""].joined(separator: "|").lowercased()
        if let last = lastStarted[key], Date().timeIntervalSince(last) < interval { return }
        lastStarted[key] = Date()
        running.removeAll { $0.isCancelled }
        let refresher = self.refresher
        running.append(Task { _ = await refresher.refresh(query) })
    }

    /// Waits for refreshes in flight (used at shutdown and by tests).
    package func drain() async {
        for task in running { await task.value }
        running.removeAll()
    }
}
