import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The text of a DOCX (WordprocessingML in a ZIP), paragraph by paragraph, plus what applicant tracking
/// systems tend to lose: tables, images, and text in headers or footers.
enum DocxText {
    struct Result {
        var text: String
        var hazards: [String]
    }

    static func read(_ data: Data) throws -> Result {
        let archive = try ZipReader(data: data)
        guard let document = try archive.file("word/document.xml") else { throw ZipReader.ReadError.corrupt("no word/document.xml") }
        let body = try extract(document)
        var hazards: [String] = []
        if body.tables > 0 { hazards.append("\(body.tables) table\(body.tables == 1 ? "" : "s") (ATS parsers often scramble them)") }
        if body.images > 0 { hazards.append("\(body.images) image\(body.images == 1 ? "" : "s") (ATS parsers ignore them)") }
        for name in archive.names where name.hasPrefix("word/header") || name.hasPrefix("word/footer") {
            if let part = try archive.file(name), !(try extract(part).text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty) {
                hazards.append("text in the \(name.contains("header") ? "header" : "footer") (often skipped by ATS parsers)")
            }
        }
        return Result(text: body.text, hazards: hazards)
    }

    static func extract(_ xml: Data) throws -> (text: String, tables: Int, images: Int) {
        let collector = Collector()
        let parser = XMLParser(data: xml)
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else { throw ZipReader.ReadError.corrupt("the document XML does not parse") }
        return (collector.lines.joined(separator: "\n"), collector.tables, collector.images)
    }

    /// XMLParser's delegate; used on one thread during one parse.
    final class Collector: NSObject, XMLParserDelegate {
        var lines: [String] = []
        var current = ""
        var inText = false
        var isListItem = false
        var tables = 0
        var images = 0

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "w:t": inText = true
            case "w:tab": current += "\t"
            case "w:br", "w:cr": current += "\n"
            case "w:numPr": isListItem = true
            case "w:tbl": tables += 1
            case "w:drawing", "w:pict": images += 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "w:t" { inText = false }
            if name == "w:p" {
                let text = current.trimmingCharacters(in: .whitespaces)
                lines.append(isListItem && !text.isEmpty ? "- " + text : text)
                current = ""
                isListItem = false
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { current += string }
        }
    }
}
