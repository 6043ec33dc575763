import CZlib
import Foundation

/// Writes a ZIP archive (raw DEFLATE members), enough for DOCX export.
struct ZipWriter {
    private var output: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ data: [UInt8]) {
        let compressed = Self.deflate(data)
        let crc = data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
        let nameBytes = Array(name.utf8)
        let offset = output.count
        // Version 2.0, no flags, DEFLATE, no timestamp, sizes known up front.
        let common =
            Self.le16(20) + Self.le16(0) + Self.le16(8) + Self.le16(0) + Self.le16(0x21)
            + Self.le32(crc) + Self.le32(compressed.count) + Self.le32(data.count) + Self.le16(nameBytes.count) + Self.le16(0)
        output += Self.le32(0x0403_4B50) + common + nameBytes + compressed
        directory +=
            Self.le32(0x0201_4B50) + Self.le16(20) + common + Self.le16(0) + Self.le16(0) + Self.le16(0) + Self.le32(0)
            + Self.le32(offset) + nameBytes
        count += 1
    }

    func data() -> Data {
        Data(
            output + directory + Self.le32(0x0605_4B50) + Self.le16(0) + Self.le16(0) + Self.le16(count) + Self.le16(count)
                + Self.le32(directory.count) + Self.le32(output.count) + Self.le16(0))
    }

    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard czlib_deflate_init_raw(&stream) == Z_OK else { return input }
        defer { deflateEnd(&stream) }
        var result = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var source = input
        source.withUnsafeMutableBufferPointer { inputBuffer in
            result.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                _ = CZlib.deflate(&stream, Z_FINISH)
            }
        }
        return Array(result[0..<Int(stream.total_out)])
    }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}

/// Markdown-ish resume text as a plain, ATS-safe DOCX: headings in bold, bullets as list-style paragraphs,
/// no tables, images, headers or footers.
package enum DocxWriter {
    package static func docx(fromMarkdown markdown: String) -> Data {
        var body = ""
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw).trimmingCharacters(in: .whitespaces)
            var bold = false
            var size: Int?
            if line.hasPrefix("#") {
                let level = line.prefix { $0 == "#" }.count
                line = line.dropFirst(level).trimmingCharacters(in: .whitespaces)
                bold = true
                size = level == 1 ? 32 : level == 2 ? 26 : 22
            }
            if line.hasPrefix("- ") || line.hasPrefix("* ") { line = "• " + line.dropFirst(2) }
            let properties = bold ? "<w:rPr><w:b/>\(size.map { "<w:sz w:val=\"\($0)\"/>" } ?? "")</w:rPr>" : ""
            body += "<w:p><w:r>\(properties)<w:t xml:space=\"preserve\">\(escape(line))</w:t></w:r></w:p>"
        }
        var zip = ZipWriter()
        zip.add(
            "[Content_Types].xml",
            Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                </Types>
                """.utf8))
        zip.add(
            "_rels/.rels",
            Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
                </Relationships>
                """.utf8))
        zip.add(
            "word/document.xml",
            Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)</w:body></w:document>
                """.utf8))
        return zip.data()
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
