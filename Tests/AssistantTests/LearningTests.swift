import Testing

@testable import Assistant

@Suite("Learned models")
struct LearningTests {
    @Test("annotated sentences parse into BIO tags, and a broken one names its line")
    func annotation() throws {
        let sentence = try AnnotatedSentence(parsing: "I'm a [data engineer](role) in [Berlin](loc).")
        #expect(sentence.text == "I'm a data engineer in Berlin.")
        let tagged = sentence.tagged()
        #expect(tagged.tokens.map(\.text) == ["im", "a", "data", "engineer", "in", "berlin"])
        #expect(tagged.tags == ["O", "O", "B-ROLE", "I-ROLE", "O", "B-LOC"])
        #expect(throws: AnnotatedSentence.ParseError.self) { try AnnotatedSentence(parsing: "I know [Python(skill)") }
    }

    @Test("an I- tag that does not continue its label starts a new span")
    func spans() {
        let spans = SlotTagger.spans(from: ["O", "B-SKILL", "I-SKILL", "O", "I-LOC", "B-SKILL", "B-SKILL"])
        #expect(
            spans == [
                SlotSpan(label: "SKILL", range: 1..<3), SlotSpan(label: "LOC", range: 4..<5), SlotSpan(label: "SKILL", range: 5..<6),
                SlotSpan(label: "SKILL", range: 6..<7),
            ])
    }

    @Test("the tagger learns a pattern and generalises it to a gazetteer entry it never saw in a sentence")
    func taggerGeneralises() throws {
        let gazetteer = Gazetteer(skills: ["python": "Python", "rust": "Rust", "cobol": "COBOL", "excel": "Excel"])
        let sentences = try [
            "I know [Python](skill)", "I know [Rust](skill) well", "I live here", "I know [Excel](skill) and [Rust](skill)",
            "I like it here", "I am here", "You know it", "I know [Python](skill) and [Excel](skill)", "I moved here",
        ]
        .map { try AnnotatedSentence(parsing: $0).tagged() }
        let tagger = SlotTagger(sentences: Array(repeating: sentences, count: 5).flatMap { $0 }, gazetteer: gazetteer)
        let spans = tagger.spans(Tokenizer.tokenize("I know COBOL"))
        #expect(spans == [SlotSpan(label: "SKILL", range: 2..<3)])
        #expect(tagger.spans(Tokenizer.tokenize("I live here")).isEmpty)
    }

    @Test("the averaged perceptron separates intents and the dialogue state shifts the decision")
    func classifier() {
        let interview = DialogueContext(interviewActive: true)
        let classifier = IntentClassifier(examples: [
            IntentExample(intent: "greet", text: "hello there"), IntentExample(intent: "greet", text: "hi friend"),
            IntentExample(intent: "jobs", text: "find jobs"), IntentExample(intent: "jobs", text: "search openings"),
            IntentExample(intent: "answer", text: "i fixed the build", context: interview),
            IntentExample(intent: "answer", text: "i led the team", context: interview),
        ])
        #expect(classifier.classify("hello")?.intent == "greet")
        #expect(classifier.classify("i improved the process", context: interview)?.intent == "answer")
        let ranked = classifier.rank("find me jobs")
        #expect(ranked.first?.intent == "jobs")
        #expect(abs(ranked.map(\.probability).reduce(0, +) - 1) < 1e-9)
    }

    @Test("training is deterministic: the same data gives the same model")
    func deterministic() {
        let examples = [("a", "one two"), ("b", "three four"), ("a", "one five"), ("b", "three six")]
        let first = IntentClassifier(examples: examples)
        let second = IntentClassifier(examples: examples)
        #expect(first.rank("one three") == second.rank("one three"))
    }
}

@Suite("Sentence splitting")
struct SentenceSplitterTests {
    @Test("decimals, versions, abbreviations and initials never end a sentence")
    func keepsTogether() {
        #expect(
            SentenceSplitter.split("Result: p99 fell from 2.4 s to 180 ms. Then we shipped v1.2 to users.") == [
                "Result: p99 fell from 2.4 s to 180 ms.", "Then we shipped v1.2 to users.",
            ])
        #expect(
            SentenceSplitter.split("I met Dr. Smith and J. R. Tolkien, e.g. at a talk. It went well!") == [
                "I met Dr. Smith and J. R. Tolkien, e.g. at a talk.", "It went well!",
            ])
        #expect(SentenceSplitter.split("We use Node.js. Revenue grew 3.5% in Q2.") == ["We use Node.js.", "Revenue grew 3.5% in Q2."])
        #expect(SentenceSplitter.split("") == [])
    }

    @Test("shortening cuts at a word boundary, never inside a number")
    func shorten() {
        #expect(SentenceSplitter.shorten("The close fell from 12.5 days to 6 days", to: 24) == "The close fell from…")
        #expect(SentenceSplitter.shorten("short", to: 24) == "short")
    }
}
