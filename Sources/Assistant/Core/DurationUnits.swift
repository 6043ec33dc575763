extension Duration {
    /// The duration as fractional seconds, for metrics, logs and arithmetic with `TimeInterval`.
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration as fractional milliseconds, the unit most latency figures are quoted in.
    package var inMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension Duration {
    /// "300 s", "1.5 s", "50 ms": how a timeout is named in messages.
    package var wholeSeconds: String {
        let seconds = inSeconds
        if seconds < 1 { return "\(Int(inMilliseconds.rounded())) ms" }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
