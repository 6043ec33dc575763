/// A SimHash of a posting's description: 64 bits, each the majority vote of the description's three-word
/// shingles, so two descriptions that share almost all their wording differ in a few bits, while unrelated ones
/// differ in about half. Boards copy a company's text, re-format it and title the job their own way
/// ("RN - ICU" on one, "ICU Registered Nurse" on another); the wording is what stays.
package enum DescriptionFingerprint {
    /// Shorter descriptions ("Great pay, apply now!") say too little to tell one job from another.
    package static let minimumWords = 40
    /// At most this many bits apart is near-identical. Measured (`JobHunterBench duplicates`, 100k postings): a
    /// re-formatted copy of a ~80-word description with a line added is within 7 bits 91 % of the time (within 4
    /// only 53 %: short texts have few shingles, so each added one moves votes); of 88,015 pairs of different
    /// postings at one company and place none is within 7, one within 8. Merging two jobs hides one from the
    /// person, so the line sits below the first different pair. Unrelated texts are ~32 bits apart.
    package static let maximumDistance = 7
    /// Only the start is read: a description's first thousand words say which job it is.
    static let wordsRead = 1_000

    package static func of(_ description: String) -> Int64? {
        let words = wordHashes(description)
        guard words.count >= minimumWords else { return nil }
        var votes = [Int32](repeating: 0, count: 64)
        for start in 0...(words.count - 3) {
            let shingle = mix(mix(words[start] &+ 0x9E37_79B9_7F4A_7C15) ^ words[start + 1]) ^ words[start + 2]
            let hash = mix(shingle)
            for bit in 0..<64 { votes[bit] += Int32(truncatingIfNeeded: (hash >> UInt64(bit)) & 1) * 2 - 1 }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { result |= 1 << UInt64(bit) }
        return Int64(bitPattern: result)
    }

    /// FNV-1a of each word: runs of letters and digits, ASCII lower-cased; bullets, dashes and other symbols
    /// separate words as punctuation does. Read scalar by scalar: a Foundation word split costs ~20× more, which a
    /// million-posting load pays a million times. Stable across runs and machines, unlike Swift's seeded `Hasher`,
    /// as a stored value must be.
    static func wordHashes(_ text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(128)
        let basis: UInt64 = 0xCBF2_9CE4_8422_2325
        var hash = basis
        var inWord = false
        for scalar in text.unicodeScalars {
            var value = scalar.value
            switch value {
            case 0x41...0x5A: value |= 0x20
            case 0x61...0x7A, 0x30...0x39: break
            case 0x80... where scalar.properties.isAlphabetic || scalar.properties.numericType != nil: break
            default:
                if inWord {
                    hashes.append(hash)
                    if hashes.count == wordsRead { return hashes }
                    hash = basis
                    inWord = false
                }
                continue
            }
            hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01B3
            inWord = true
        }
        if inWord { hashes.append(hash) }
        return hashes
    }

    /// A 64-bit finaliser (SplitMix64's): every input bit moves about half the output bits, which the per-bit
    /// votes need.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    package static func near(_ left: Int64, _ right: Int64) -> Bool {
        (left ^ right).nonzeroBitCount <= maximumDistance
    }
}
