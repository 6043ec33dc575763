/// Trains a multiclass averaged perceptron (Collins 2002): on each mistake the gold label's weights
/// rise and the predicted label's fall; the final weights are the average over every step, which
/// keeps late, noisy updates from dominating. Averaging is done lazily with the usual
/// "accumulate weight × time since last change" trick, so each update costs only the active features.
struct AveragedPerceptronTrainer {
    private(set) var weights: LinearWeights
    private var totals: [Float]
    private var stamps: [Int32]
    private var step: Int32 = 0

    init(featureCount: Int, labelCount: Int) {
        weights = LinearWeights(featureCount: featureCount, labelCount: labelCount)
        totals = [Float](repeating: 0, count: featureCount * labelCount)
        stamps = [Int32](repeating: 0, count: featureCount * labelCount)
    }

    /// Counts one training instance; call once per instance, whether or not it was a mistake.
    mutating func tick() { step += 1 }

    mutating func update(_ features: [ActiveFeature], gold: Int, predicted: Int) {
        guard gold != predicted else { return }
        for feature in features {
            let row = Int(feature.id) * weights.labelCount
            adjust(row + gold, by: feature.value)
            adjust(row + predicted, by: -feature.value)
        }
    }

    private mutating func adjust(_ slot: Int, by delta: Float) {
        totals[slot] += Float(step - stamps[slot]) * weights.values[slot]
        stamps[slot] = step
        weights.values[slot] += delta
    }

    /// The averaged weights.
    func averaged() -> LinearWeights {
        var result = weights
        guard step > 0 else { return result }
        for slot in result.values.indices {
            let total = totals[slot] + Float(step - stamps[slot]) * weights.values[slot]
            result.values[slot] = total / Float(step)
        }
        return result
    }
}
