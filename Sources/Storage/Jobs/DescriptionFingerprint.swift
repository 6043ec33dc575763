/// A SimHash of a posting's description: 64 bits, each the majority vote of the description's three-word
/// shingles, so two descriptions that share almost all their wording differ in a few bits, while unrelated ones
/// differ in about half. Boards copy a company's text, re-format it and title the job their own way
/// ("RN - ICU" on one, "ICU Registered Nurse" on another); the wording is what stays.
public enum DescriptionFingerprint {
    /// Shorter descriptions ("Great pay, apply now!") say too little to tell one job from another.
    public static let minimumWords = 40
    /// At most this many bits apart is near-identical. Measured (`JobHunterBench duplicates`): a re-formatted
    /// copy of a ~80-word description with a line added is within 8 bits 95 % of the time (within 4 only 50 %:
    /// short texts have few shingles, so every added one moves votes), while of 88,015 pairs of different
    /// postings at one company and place none was within 9 and one within 10. Unrelated texts are ~32 apart.
    public static let maximumDistance = 8
    /// Only the start is read: a description's first thousand words say which job it is.
    static let wordsRead = 1_000

    public static func of(_ description: String) -> Int64? {
        let words = SearchWords.indexTokens(SearchWords.words(description, limit: wordsRead))
        guard words.count >= minimumWords else { return nil }
        var votes = [Int32](repeating: 0, count: 64)
        for start in 0...(words.count - 3) {
            var hash = fnv1a(words[start], seed: 0xCBF2_9CE4_8422_2325)
            hash = fnv1a(words[start + 1], seed: hash ^ 0x20)
            hash = fnv1a(words[start + 2], seed: hash ^ 0x20)
            for bit in 0..<64 { votes[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { result |= 1 << UInt64(bit) }
        return Int64(bitPattern: result)
    }

    public static func near(_ left: Int64, _ right: Int64) -> Bool {
        (left ^ right).nonzeroBitCount <= maximumDistance
    }

    /// FNV-1a: stable across runs and machines, unlike Swift's seeded `Hasher`, as a stored value must be.
    private static func fnv1a(_ word: String, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in word.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
