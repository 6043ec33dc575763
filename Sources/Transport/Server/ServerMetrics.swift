import Foundation
import Synchronization

/// Counters and a turn-latency histogram, rendered in the Prometheus text format at /metrics.
package final class ServerMetrics: Sendable {
    static let buckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct State {
        var responses: [Int: Int] = [:]
        var messages = 0
        var turnErrors = 0
        var connectionsOpened = 0
        var refused: [String: Int] = [:]
        var latencyCounts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var latencySum = 0.0
        var latencyCount = 0
    }

    private let state = Mutex(State())

    package init() {}

    func recordResponse(status: Int) { state.withLock { $0.responses[status, default: 0] += 1 } }
    func recordMessage() { state.withLock { $0.messages += 1 } }
    func recordConnection() { state.withLock { $0.connectionsOpened += 1 } }
    /// Something refused to protect the server: "slow_client", "connection_cap", "rate_limit", "quota".
    func recordRefusal(_ reason: String) { state.withLock { $0.refused[reason, default: 0] += 1 } }
    func recordSlowClientClosed() { recordRefusal("slow_client") }

    func recordTurn(seconds: Double, failed: Bool) {
        state.withLock { state in
            if failed { state.turnErrors += 1 }
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { state.latencyCounts[index] += 1 }
            state.latencySum += seconds
            state.latencyCount += 1
        }
    }

    package func prometheus(websockets: Int, relayedEvents: Int = 0) -> String {
        state.withLock { state in
            var lines = [
                "# HELP jobhunter_websocket_connections Open WebSocket connections.", "# TYPE jobhunter_websocket_connections gauge",
                "jobhunter_websocket_connections \(websockets)",
                "# HELP jobhunter_websocket_connections_total WebSocket connections accepted.",
                "# TYPE jobhunter_websocket_connections_total counter",
                "jobhunter_websocket_connections_total \(state.connectionsOpened)",
                "# HELP jobhunter_chat_messages_total Chat messages received.", "# TYPE jobhunter_chat_messages_total counter",
                "jobhunter_chat_messages_total \(state.messages)",
                "# HELP jobhunter_turn_errors_total Turns that ended in an error.", "# TYPE jobhunter_turn_errors_total counter",
                "jobhunter_turn_errors_total \(state.turnErrors)",
                "# HELP jobhunter_relayed_events_total Turn events sent to other instances (PostgreSQL NOTIFY).",
                "# TYPE jobhunter_relayed_events_total counter", "jobhunter_relayed_events_total \(relayedEvents)",
                "# HELP jobhunter_http_responses_total HTTP responses by status.", "# TYPE jobhunter_http_responses_total counter",
            ]
            lines += state.responses.keys.sorted().map { "jobhunter_http_responses_total{status=\"\($0)\"} \(state.responses[$0] ?? 0)" }
            lines += [
                "# HELP jobhunter_refusals_total Requests and connections refused to protect the server.",
                "# TYPE jobhunter_refusals_total counter",
            ]
            lines += state.refused.keys.sorted().map { "jobhunter_refusals_total{reason=\"\($0)\"} \(state.refused[$0] ?? 0)" }
            lines += [
                "# HELP jobhunter_turn_seconds Time from a chat message to its final answer.", "# TYPE jobhunter_turn_seconds histogram",
            ]
            lines += Self.buckets.enumerated().map {
                "jobhunter_turn_seconds_bucket{le=\"\($0.element)\"} \(state.latencyCounts[$0.offset])"
            }
            lines += [
                "jobhunter_turn_seconds_bucket{le=\"+Inf\"} \(state.latencyCount)", "jobhunter_turn_seconds_sum \(state.latencySum)",
                "jobhunter_turn_seconds_count \(state.latencyCount)",
            ]
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
