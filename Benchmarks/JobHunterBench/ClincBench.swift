import Assistant
import Foundation

/// `JobHunterBench clinc PATH/data_full.json`: trains the offline model's intent classifier code on the
/// public CLINC150 benchmark (Larson et al., EMNLP 2019; CC BY 3.0; not shipped in data/) with out-of-scope
/// as a 151st intent ("oos-train"), and reports in-scope accuracy and out-of-scope recall on its test split.
/// `Benchmarks/clinc150.sh` fetches the file and runs this.
enum ClincBench {
    static func run(path: String) {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: [[String]]]
        else {
            print("cannot read \(path): expected CLINC150's data_full.json")
            return
        }
        func rows(_ key: String) -> [(intent: String, text: String)] {
            (object[key] ?? []).compactMap { $0.count == 2 ? ($0[1], $0[0]) : nil }
        }
        let training = rows("train") + rows("oos_train")
        let clock = ContinuousClock()
        var classifier: IntentClassifier?
        let trainTime = clock.measure { classifier = IntentClassifier(examples: training) }
        guard let classifier else { return }
        let inScope = rows("test")
        let outOfScope = rows("oos_test")
        let correct = inScope.filter { classifier.classify($0.text)?.intent == $0.intent }.count
        let caught = outOfScope.filter { classifier.classify($0.text)?.intent == "oos" }.count
        print("CLINC150 (full, oos-train), the offline intent classifier's code trained on its data")
        print(String(format: "  training examples        : %d (trained in %.1f s)", training.count, trainTime.inMilliseconds / 1000))
        print(
            String(
                format: "  in-scope accuracy        : %.1f%% (%d/%d)", Double(correct) * 100 / Double(max(1, inScope.count)), correct,
                inScope.count))
        print(
            String(
                format: "  out-of-scope recall      : %.1f%% (%d/%d)", Double(caught) * 100 / Double(max(1, outOfScope.count)), caught,
                outOfScope.count))
        print("  paper baselines (in-scope / oos recall): FastText 89.0/9.7, SVM 91.0/14.5, CNN 91.2/18.9,")
        print("    DialogFlow 91.7/14.0, Rasa 91.5/45.3, MLP 93.5/47.4, BERT 96.9/40.3")
    }
}
