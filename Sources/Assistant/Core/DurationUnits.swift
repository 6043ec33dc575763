extension Duration {
    /// The duration as fractional seconds, for metrics, logs and arithmetic with `TimeInterval`.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration as fractional milliseconds, the unit most latency figures are quoted in.
    public var inMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
