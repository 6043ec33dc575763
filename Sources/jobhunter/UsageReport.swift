import Assistant
import Foundation

/// The text of `/usage`: tokens per model, all time and today, with estimated cost.
enum UsageReport {
    static func render(allTime: [UsageTotal], today: [UsageTotal], catalog: ModelCatalog) -> String {
        guard !allTime.isEmpty else {
            return "No tokens used yet. The offline model is free; usage is recorded when an OpenAI-compatible model answers."
        }
        var lines = ["Token usage (estimated cost from list prices; override with --prices FILE):"]
        for (title, totals) in [("All time", allTime), ("Today", today)] where !totals.isEmpty {
            lines.append("\(title):")
            for total in totals {
                let cost = catalog.info(for: total.model).cost(of: total).map { String(format: "≈ $%.4f", $0) } ?? "cost unknown"
                lines.append(
                    "  \(total.model): \(total.requests) requests, \(grouped(total.promptTokens)) prompt + \(grouped(total.completionTokens)) completion tokens, \(cost)"
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }
}
