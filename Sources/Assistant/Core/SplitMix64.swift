/// A small, fast, seedable generator (Vigna's SplitMix64): the same seed gives the same sequence everywhere,
/// so training shuffles, generated corpora and interview question orders are reproducible.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A number in 0..<bound (0 when bound is not positive).
    package mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }

    /// A number in 0..<1 with 53 random bits.
    package mutating func nextDouble() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
