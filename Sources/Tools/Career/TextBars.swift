import Foundation

/// Horizontal bars drawn with block characters: readable in any terminal and when piped, no colour codes.
enum TextBars {
    static func bar(_ value: Double, max: Double, width: Int = 24) -> String {
        guard max > 0, value > 0 else { return "" }
        let eighths = Int((value / max * Double(width) * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    static func money(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        formatter.groupingSeparator = ","
        return "$" + (formatter.string(from: NSNumber(value: value)) ?? String(Int(value)))
    }

    static func count(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}
