import Foundation
import Tools

/// `JobHunterBench parse`: the resume parser and the DOCX reader on hostile inputs (issue 13, finding 4): 2 MB of
/// links, digits and one endless line, and a DOCX whose directory points thousands of entries at one member.
enum ParseBench {
    static func run(root: URL, megabytes: Double = 2) {
        guard let taxonomy = try? SkillTaxonomy.load(dataDirectory: root.appendingPathComponent("data")) else {
            return print("parse: data/ did not load")
        }
        let parser = ResumeParser(taxonomy: taxonomy)
        let clock = ContinuousClock()
        let scale = megabytes / 2
        let size = "\(megabytes) MB"
        let inputs: [(String, String)] = [
            ("\(size) of links", (0..<Int(80_000 * scale)).map { "https://example.com/\($0)" }.joined(separator: " ")),
            ("\(size) of digit runs", String(repeating: "1 2-3 (4) 5.6 +7 ", count: Int(120_000 * scale))),
            ("\(size) on one line", String(repeating: "x", count: Int(2_000_000 * scale))),
            ("\(size) of words", String(repeating: "Built Swift services with Kubernetes and SQL. ", count: Int(44_000 * scale))),
        ]
        for (name, text) in inputs {
            let elapsed = clock.measure { _ = parser.parse(text) }
            print("parse \(name): \(String(format: "%.0f", elapsed.inSeconds * 1000)) ms")
        }
        // A DOCX holding 2 MB of text in 40,000 paragraphs, read from disk as an upload is.
        let markdown = (0..<40_000).map { "- Shipped release \($0) of the payments service with Swift and SQL" }.joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parse-bench-\(UUID().uuidString).docx")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try DocxWriter.docx(fromMarkdown: markdown).write(to: file)
            var characters = 0
            let elapsed = try clock.measure { characters = try ResumeFile.readDocument(path: file.path).text.count }
            print("read a DOCX of \(characters / 1000) k characters: \(String(format: "%.0f", elapsed.inSeconds * 1000)) ms")
        } catch {
            print("read a DOCX: failed: \(error)")
        }
    }
}
