/// Interns feature names as dense integer ids, so training and scoring index flat weight arrays
/// instead of hashing strings in their inner loops.
struct FeatureIndex: Sendable {
    private(set) var ids: [String: Int32] = [:]

    var count: Int { ids.count }

    /// The id of a known feature; unknown features carry no weight and are dropped.
    func id(_ name: String) -> Int32? { ids[name] }

    /// Feature names in id order.
    var namesByID: [String] {
        var names = [String](repeating: "", count: ids.count)
        for (name, id) in ids { names[Int(id)] = name }
        return names
    }

    mutating func intern(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(ids.count)
        ids[name] = id
        return id
    }
}

/// A feature occurrence: which weight row, and how strongly it fires.
struct ActiveFeature: Sendable {
    var id: Int32
    var value: Float
}

/// Weights of a linear multiclass model: one row per feature, one column per label.
struct LinearWeights: Sendable {
    let labelCount: Int
    var values: [Float]

    init(featureCount: Int, labelCount: Int) {
        self.labelCount = labelCount
        values = [Float](repeating: 0, count: featureCount * labelCount)
    }

    func scores(_ features: [ActiveFeature], into scores: inout [Float]) {
        for label in 0..<labelCount { scores[label] = 0 }
        values.withUnsafeBufferPointer { weights in
            for feature in features {
                let row = Int(feature.id) * labelCount
                for label in 0..<labelCount { scores[label] += feature.value * weights[row + label] }
            }
        }
    }
}
