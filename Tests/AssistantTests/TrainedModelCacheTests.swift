import Foundation
import Testing

@testable import Assistant

@Suite("Saved trained models")
struct TrainedModelCacheTests {
    private static let examples = [
        IntentExample(intent: "greet", text: "hello there"), IntentExample(intent: "greet", text: "hi friend"),
        IntentExample(intent: "jobs", text: "find jobs in Berlin"), IntentExample(intent: "jobs", text: "search openings"),
        IntentExample(intent: "profile", text: "show my profile"), IntentExample(intent: "profile", text: "what do you know about me"),
    ]

    @Test("a classifier and a tagger restored from their saved bytes score exactly as the trained ones")
    func roundTrip() throws {
        let classifier = IntentClassifier(examples: Self.examples)
        let snapshot = try #require(LinearModelSnapshot(decoding: classifier.snapshot.encoded()))
        let restored = try #require(IntentClassifier(snapshot: snapshot))
        for text in ["hello", "find jobs", "who am i", "recomend something", ""] {
            #expect(restored.rank(text) == classifier.rank(text))
        }

        let gazetteer = Gazetteer(skills: ["python": "Python", "excel": "Excel"])
        let sentences = try ["I know [Python](skill)", "I like [Excel](skill) a lot", "I live here"]
            .map { try AnnotatedSentence(parsing: $0).tagged() }
        let tagger = SlotTagger(sentences: sentences, gazetteer: gazetteer)
        let taggerSnapshot = try #require(LinearModelSnapshot(decoding: tagger.snapshot.encoded()))
        let restoredTagger = try #require(SlotTagger(snapshot: taggerSnapshot, gazetteer: gazetteer))
        for text in ["I know Excel", "I live in Python", "nothing here"] {
            #expect(restoredTagger.tag(Tokenizer.tokenize(text)) == tagger.tag(Tokenizer.tokenize(text)))
        }
    }

    @Test("truncated, foreign or inconsistent bytes are refused, never half-read")
    func damaged() {
        let bytes = IntentClassifier(examples: Self.examples).snapshot.encoded()
        #expect(LinearModelSnapshot(decoding: bytes.prefix(bytes.count - 1)) == nil)
        #expect(LinearModelSnapshot(decoding: bytes + Data([0])) == nil)
        #expect(LinearModelSnapshot(decoding: Data("gazetteer\tnot a model".utf8)) == nil)
        #expect(LinearModelSnapshot(decoding: Data()) == nil)
        let wrongShape = LinearModelSnapshot(labels: ["a", "b"], features: ["w:x"], weights: [1, 2, 3, 4])
        #expect(IntentClassifier(snapshot: wrongShape) == nil)
        #expect(SlotTagger(snapshot: LinearModelSnapshot(labels: ["B-X"], features: [], weights: []), gazetteer: Gazetteer()) == nil)
    }

    @Test("the cache trains once per fingerprint and program, and retrains when either changes or the file is damaged")
    func trainsOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var trainings = 0
        func load(_ cache: TrainedModelCache, _ fingerprint: String) -> IntentClassifier {
            cache.model("intents", fingerprint: fingerprint, restore: IntentClassifier.init(snapshot:)) {
                trainings += 1
                let trained = IntentClassifier(examples: Self.examples)
                return (trained, trained.snapshot)
            }
        }
        let cache = TrainedModelCache(directory: folder, programIdentity: "build 1")
        let trained = load(cache, "data A")
        let loaded = load(cache, "data A")
        #expect(trainings == 1)
        #expect(loaded.rank("find jobs") == trained.rank("find jobs"))
        _ = load(cache, "data B")
        #expect(trainings == 2)
        _ = load(TrainedModelCache(directory: folder, programIdentity: "build 2"), "data A")
        #expect(trainings == 3)

        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            try Data("damaged".utf8).write(to: folder.appendingPathComponent(name))
        }
        #expect(load(cache, "data A").rank("hello") == trained.rank("hello"))
        #expect(trainings == 4)
    }
}
