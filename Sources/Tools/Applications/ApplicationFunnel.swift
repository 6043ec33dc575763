import Foundation
import Storage

/// saved → applied → interviewing → offer: how many reached each stage, conversion between stages,
/// and the average days spent in each.
package struct ApplicationFunnel: Sendable, Equatable {
    package struct Stage: Sendable, Equatable {
        package var status: Application.Status
        /// Applications that reached this stage at some point.
        package var reached: Int
        /// Share of the previous stage that reached this one, in percent; nil for the first stage.
        package var conversion: Int?
        /// Average days spent in this stage before moving on; nil when none moved on.
        package var averageDays: Double?
    }

    package var stages: [Stage]
    package var rejected: Int
    package var withdrawn: Int

    static let order: [Application.Status] = [.saved, .applied, .interviewing, .offer]

    package init(_ applications: [Application]) {
        var reached: [Application.Status: Int] = [:]
        var days: [Application.Status: [Double]] = [:]
        for application in applications {
            // Reaching a later stage implies the earlier ones, even if the user skipped saying so.
            let furthest = application.events.compactMap { Self.order.firstIndex(of: $0.status) }.max() ?? 0
            for stage in Self.order.prefix(furthest + 1) { reached[stage, default: 0] += 1 }
            for (event, next) in zip(application.events, application.events.dropFirst()) where event.status != next.status {
                days[event.status, default: []].append(next.at.timeIntervalSince(event.at) / 86_400)
            }
        }
        var stages: [Stage] = []
        for (index, status) in Self.order.enumerated() {
            let count = reached[status] ?? 0
            let previous = index > 0 ? reached[Self.order[index - 1]] ?? 0 : 0
            let spent = days[status] ?? []
            stages.append(
                Stage(
                    status: status, reached: count,
                    conversion: index == 0 || previous == 0 ? nil : Int((Double(count) / Double(previous) * 100).rounded()),
                    averageDays: spent.isEmpty ? nil : spent.reduce(0, +) / Double(spent.count)))
        }
        self.stages = stages
        rejected = applications.filter { $0.status == .rejected }.count
        withdrawn = applications.filter { $0.status == .withdrawn }.count
    }

    package var summary: String {
        let parts = stages.map { stage -> String in
            var text = "\(stage.status.rawValue) \(stage.reached)"
            if let conversion = stage.conversion { text += " (\(conversion)%)" }
            return text
        }
        var line = parts.joined(separator: " → ")
        if rejected + withdrawn > 0 { line += "; \(rejected) rejected, \(withdrawn) withdrawn" }
        let timing = stages.compactMap { stage in
            stage.averageDays.map { String(format: "%@ %.1f days", stage.status.rawValue, $0) }
        }
        if !timing.isEmpty { line += ". Average time in stage: " + timing.joined(separator: ", ") }
        return line
    }
}
