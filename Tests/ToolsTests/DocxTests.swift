import CZlib
import Foundation
import Testing

@testable import Tools

/// Writes ZIP archives for tests: stored or raw-DEFLATE members, with an optional lie about the size.
enum TestZip {
    struct Member {
        var name: String
        var data: [UInt8]
        var deflate = true
        var claimedSize: Int?
    }

    static func archive(_ members: [Member]) -> Data {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        for member in members {
            let body = member.deflate ? ZipWriter.deflate(member.data) : member.data
            let crc = member.data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
            let size = member.claimedSize ?? member.data.count
            let name = Array(member.name.utf8)
            let offset = out.count
            let method = member.deflate ? 8 : 0
            out +=
                le32(0x0403_4B50) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(crc) + le32(body.count) + le32(size)
                + le16(name.count) + le16(0) + name + body
            directory +=
                le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(crc) + le32(body.count)
                + le32(size)
                + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directoryOffset = out.count
        out += directory
        out +=
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(members.count) + le16(members.count) + le32(directory.count)
            + le32(directoryOffset) + le16(0)
        return Data(out)
    }

    /// One deflated member and `copies` central-directory entries that all point at it: each passes the per-entry
    /// limits, together they would inflate the member `copies` times.
    static func overlapping(_ data: [UInt8], copies: Int) -> Data {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        let body = ZipWriter.deflate(data)
        let crc = data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
        let name = Array("word/document.xml".utf8)
        var out =
            le32(0x0403_4B50) + le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + le32(crc) + le32(body.count) + le32(data.count)
            + le16(name.count) + le16(0) + name + body
        var directory: [UInt8] = []
        for copy in 0..<copies {
            let alias = Array("word/header\(copy).xml".utf8)
            directory +=
                le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + le32(crc) + le32(body.count)
                + le32(data.count) + le16(alias.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + alias
        }
        let directoryOffset = out.count
        out += directory
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(copies) + le16(copies) + le32(directory.count) + le32(directoryOffset) + le16(0)
        return Data(out)
    }

    static func paragraph(_ text: String, list: Bool = false) -> String {
        "<w:p>\(list ? "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/></w:numPr></w:pPr>" : "")<w:r><w:t>\(text)</w:t></w:r></w:p>"
    }

    static func document(_ body: String) -> [UInt8] {
        Array(
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + body + "</w:body></w:document>").utf8)
    }
}

@Suite("DOCX resumes")
struct DocxTests {
    func write(_ data: Data, _ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jh-docx-\(UUID().uuidString)-\(name)")
        try data.write(to: url)
        return url
    }

    @Test("paragraphs and list items become lines; tables, images and header text are reported as ATS hazards")
    func readsDocx() async throws {
        let body =
            TestZip.paragraph("Ada Lovelace") + TestZip.paragraph("EXPERIENCE")
            + TestZip.paragraph("iOS Developer, Harbor Software (2017–2021)")
            + TestZip.paragraph("Shipped 14 releases with Swift", list: true)
            + "<w:tbl><w:tr><w:tc>\(TestZip.paragraph("cell"))</w:tc></w:tr></w:tbl>" + "<w:p><w:r><w:drawing/></w:r></w:p>"
        let url = try write(
            TestZip.archive([
                .init(name: "[Content_Types].xml", data: Array("<Types/>".utf8), deflate: false),
                .init(name: "word/document.xml", data: TestZip.document(body)),
                .init(
                    name: "word/header1.xml",
                    data: Array("<w:hdr xmlns:w=\"x\"><w:p><w:r><w:t>Ada Lovelace – CV</w:t></w:r></w:p></w:hdr>".utf8)),
            ]), "cv.docx")
        defer { try? FileManager.default.removeItem(at: url) }

        let document = try ResumeFile.readDocument(path: url.path)

        #expect(document.text.contains("- Shipped 14 releases with Swift"))
        let resume = ResumeParser(taxonomy: try #require(await JobsFixtures.taxonomy())).parse(document.text)
        #expect(resume.experience.first?.company == "Harbor Software")
        #expect(resume.experience.first?.bullets.first?.text == "Shipped 14 releases with Swift")
        #expect(
            document.hazards == [
                "1 table (ATS parsers often scramble them)", "1 image (ATS parsers ignore them)",
                "text in the header (often skipped by ATS parsers)",
            ])
    }

    @Test("a zip bomb, a non-ZIP file and a corrupted member are refused with a reason, without expanding")
    func hostileFiles() throws {
        let bomb = try write(
            TestZip.archive([.init(name: "word/document.xml", data: [UInt8](repeating: 0x41, count: 30 * 1_048_576), claimedSize: 1_000)]),
            "bomb.docx")
        let plain = try write(Data("just text, not a zip".utf8), "fake.docx")
        var corrupt = [UInt8](
            TestZip.archive([.init(name: "word/document.xml", data: TestZip.document(TestZip.paragraph("hello")), deflate: false)]))
        corrupt[30 + "word/document.xml".utf8.count + 60] ^= 0xFF  // inside the stored document body
        let damaged = try write(Data(corrupt), "damaged.docx")
        defer { for url in [bomb, plain, damaged] { try? FileManager.default.removeItem(at: url) } }

        #expect { try ResumeFile.readDocument(path: bomb.path) } throws: { "\($0)".contains("expands past its stated size or past 20 MB") }
        #expect { try ResumeFile.readDocument(path: plain.path) } throws: { "\($0)".contains("not a ZIP-based document") }
        #expect { try ResumeFile.readDocument(path: damaged.path) } throws: { "\($0)".contains("damaged") }
    }

    @Test("members that share bytes, or whose stated sizes add up past the budget, are refused before anything is inflated")
    func overlappingMembers() throws {
        let member = TestZip.document(TestZip.paragraph(String(repeating: "a", count: 100_000)))
        #expect { try ZipReader(data: TestZip.overlapping(member, copies: 4_900)) } throws: { "\($0)".contains("members overlap") }
        #expect { try ZipReader(data: TestZip.overlapping(member, copies: 2)) } throws: { "\($0)".contains("members overlap") }
        #expect(try ZipReader(data: TestZip.overlapping(member, copies: 1)).names == ["word/header0.xml"], "one member is fine")

        let big = [UInt8](repeating: 0x41, count: 8 * 1_048_576)
        let many = TestZip.archive((0..<3).map { .init(name: "word/header\($0).xml", data: big) })
        #expect(throws: ZipReader.ReadError.tooLarge) { try ZipReader(data: many) }
    }
}

@Suite("resume parsing stays linear on hostile text")
struct HostileResumeTextTests {
    @Test("2 MB of links, digits and one endless line parse to a bounded result (the time is in JobHunterBench parse)")
    func adversarialText() async throws {
        let parser = ResumeParser(taxonomy: try #require(await JobsFixtures.taxonomy()))
        let links = (0..<60_000).map { "https://example.com/\($0)" }.joined(separator: " ")
        let digits = String(repeating: "1 2-3 (4) 5.6 +7 ", count: 40_000)
        let endless = String(repeating: "x", count: 600_000)
        for text in [links, digits, endless] {
            let resume = parser.parse(text)
            #expect(resume.contact.links.count <= ResumeParser.maxLinks)
        }
    }
}
