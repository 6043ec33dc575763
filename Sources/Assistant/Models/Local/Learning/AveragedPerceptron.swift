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

    mutating func update(_ features: [ActiveFeature], gold: Int, predicted: Int, rate: Float = 1) {
        guard gold != predicted else { return }
        for feature in features {
            let row = Int(feature.id) * weights.labelCount
            adjust(row + gold, by: rate * feature.value)
            adjust(row + predicted, by: -rate * feature.value)
        }
    }

    /// A passive-aggressive step (Crammer et al. 2006, PA-I with C = 1): whenever the gold label does not lead the
    /// best other label by a margin of 1, both move by just enough to restore the margin, at most by 1. Unlike the
    /// plain perceptron it also learns from examples it already gets right by a hair. On the intent examples'
    /// 5-fold cross-validation: 86.4 % against 85.7 % (`JobHunterBench tune`).
    mutating func passiveAggressiveUpdate(_ features: [ActiveFeature], gold: Int, scores: [Float]) {
        guard scores.count > 1 else { return }
        var rival = gold == 0 ? 1 : 0
        for label in scores.indices where label != gold && scores[label] > scores[rival] { rival = label }
        let shortfall = 1 - (scores[gold] - scores[rival])
        guard shortfall > 0 else { return }
        let norm = features.reduce(Float(0)) { $0 + $1.value * $1.value }
        guard norm > 0 else { return }
        update(features, gold: gold, predicted: rival, rate: min(1, shortfall / (2 * norm)))
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
