import Assistant
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
    @Test("technology names, money and paths stay whole")
    func keepsSpecialTokens() {
        let tokens = Tokenizer.tokenize("C++ and Node.js devs, $120,000 or 90k+ — see ~/cv.pdf.")

        #expect(
            tokens.map(\.text)
                == ["c++", "and", "node.js", "devs", ",", "$", "120000", "or", "90k+", "see", "~/cv.pdf"].map {
                    $0 == "120000" ? "120,000" : $0
                })
        #expect(tokens[6].number == 120_000)
        #expect(tokens[8].number == 90_000)
        #expect(tokens.last?.kind == .path)
    }

    @Test("accents and case are folded for matching while the original spelling is kept")
    func folds() {
        let tokens = Tokenizer.tokenize("Zürich São")

        #expect(tokens.map(\.text) == ["zurich", "sao"])
        #expect(tokens.map(\.original) == ["Zürich", "São"])
    }
}

@Suite("Gazetteer keys")
struct GazetteerKeyTests {
    @Test(
        "the fast path for plain names gives exactly the tokenizer's key",
        arguments: [
            "Adobe Acrobat", "  Forklifts  ", "3D Studio Max", "Microsoft Excel 2019", "ACLS", "120k", "a  b", "",
        ])
    func fastPathAgrees(_ name: String) {
        #expect(Gazetteer.key(name) == Tokenizer.tokenize(name).map(\.text).joined(separator: " "))
    }
}
