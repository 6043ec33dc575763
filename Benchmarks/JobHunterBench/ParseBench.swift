import Foundation
import Tools

/// `JobHunterBench parse`: the resume parser and the DOCX reader on hostile inputs (issue 13, finding 4): 2 MB of
/// links, digits and one endless line, and a DOCX whose directory points thousands of entries at one member.
enum ParseBench {
    static func run(root: URL) {
        guard let taxonomy = try? SkillTaxonomy.load(dataDirectory: root.appendingPathComponent("data")) else {
            return print("parse: data/ did not load")
        }
        let parser = ResumeParser(taxonomy: taxonomy)
        let clock = ContinuousClock()
        let inputs: [(String, String)] = [
            ("2 MB of links", (0..<80_000).map { "https://example.com/\($0)" }.joined(separator: " ")),
            ("2 MB of digit runs", String(repeating: "1 2-3 (4) 5.6 +7 ", count: 120_000)),
            ("2 MB on one line", String(repeating: "x", count: 2_000_000)),
            ("2 MB of words", String(repeating: "Built Swift services with Kubernetes and SQL. ", count: 44_000)),
        ]
        for (name, text) in inputs {
            let elapsed = clock.measure { _ = parser.parse(text) }
            print("parse \(name): \(String(format: "%.0f", elapsed.inSeconds * 1000)) ms")
        }
    }
}
