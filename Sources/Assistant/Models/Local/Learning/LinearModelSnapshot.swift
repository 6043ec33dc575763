import Foundation

/// A trained linear model as plain data: its labels, the names of the features that carry weight and
/// their weight rows. Saved to a file, it lets a start load in milliseconds what training takes a
/// second (or, in a debug build, several) to compute.
struct LinearModelSnapshot: Sendable, Equatable {
    var labels: [String]
    /// Every known feature: first those with a weight row, then those whose row is all zero. The
    /// zero ones still count as known (the classifier's softmax temperature grows with the number
    /// of known features that fire), but their rows are not stored.
    var features: [String]
    /// `weightedCount × labels.count` weights, row by row.
    var weights: [Float]
    var weightedCount: Int { labels.isEmpty ? 0 : weights.count / labels.count }

    init(labels: [String], index: FeatureIndex, weights: LinearWeights) {
        var weighted: [String] = []
        var unweighted: [String] = []
        var values: [Float] = []
        values.reserveCapacity(weights.values.count / 2)
        for (id, name) in index.namesByID.enumerated() {
            let row = weights.values[(id * labels.count)..<((id + 1) * labels.count)]
            if row.contains(where: { $0 != 0 }) {
                weighted.append(name)
                values.append(contentsOf: row)
            } else {
                unweighted.append(name)
            }
        }
        self.init(labels: labels, features: weighted + unweighted, weights: values)
    }

    init(labels: [String], features: [String], weights: [Float]) {
        self.labels = labels
        self.features = features
        self.weights = weights
    }

    /// Whether the weights fill whole rows for at most every feature.
    var isConsistent: Bool {
        !labels.isEmpty && weights.count % labels.count == 0 && weightedCount <= features.count
    }

    /// The index and weights a model scores with.
    func model() -> (index: FeatureIndex, weights: LinearWeights) {
        var index = FeatureIndex()
        for name in features { _ = index.intern(name) }
        var linear = LinearWeights(featureCount: features.count, labelCount: labels.count)
        linear.values.replaceSubrange(0..<weights.count, with: weights)
        return (index, linear)
    }

    // MARK: Binary form

    private static let magic: UInt32 = 0x4A48_4C4D  // "JHLM"

    /// Little-endian: magic, label count, feature count, weighted feature count, then each string as a
    /// UInt32 length and UTF-8 bytes, then the weights as Float32.
    func encoded() -> Data {
        var data = Data()
        data.reserveCapacity(weights.count * 4 + features.count * 24)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        func append(_ text: String) {
            let bytes = Array(text.utf8)
            append(UInt32(bytes.count))
            data.append(contentsOf: bytes)
        }
        append(Self.magic)
        append(UInt32(labels.count))
        append(UInt32(features.count))
        append(UInt32(weightedCount))
        labels.forEach(append)
        features.forEach(append)
        for weight in weights { append(weight.bitPattern) }
        return data
    }

    /// Nil for anything that is not a complete snapshot: a damaged file is retrained, never trusted.
    init?(decoding data: Data) {
        var reader = ByteReader(bytes: [UInt8](data))
        guard reader.uint32() == Self.magic, let labelCount = reader.uint32(), let featureCount = reader.uint32(),
            let weightedCount = reader.uint32(), labelCount > 0, labelCount < 10_000, weightedCount <= featureCount
        else { return nil }
        var labels: [String] = []
        for _ in 0..<labelCount {
            guard let label = reader.string() else { return nil }
            labels.append(label)
        }
        var features: [String] = []
        features.reserveCapacity(Int(featureCount))
        for _ in 0..<featureCount {
            guard let feature = reader.string() else { return nil }
            features.append(feature)
        }
        let count = Int(weightedCount) * Int(labelCount)
        guard reader.remaining == count * 4 else { return nil }
        var weights: [Float] = []
        weights.reserveCapacity(count)
        for _ in 0..<count {
            guard let bits = reader.uint32() else { return nil }
            weights.append(Float(bitPattern: bits))
        }
        self.init(labels: labels, features: features, weights: weights)
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func uint32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(bytes[offset + shift]) << (8 * shift) }
        offset += 4
        return value
    }

    mutating func string() -> String? {
        guard let length = uint32(), remaining >= Int(length) else { return nil }
        let text = String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self)
        offset += Int(length)
        return text
    }
}
