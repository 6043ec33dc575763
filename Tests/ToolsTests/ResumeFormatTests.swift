import Foundation
import Testing
import Tools

@Suite("Resume file formats")
struct ResumeFormatTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jh-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A one-page PDF with the given text lines (Helvetica), xref offsets computed so any reader accepts it.
    static func pdf(lines: [String]) -> Data {
        let escaped = lines.map {
            $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(
                of: ")", with: "\\)")
        }
        let content = lines.isEmpty ? "" : "BT /F1 11 Tf 72 720 Td 14 TL " + escaped.map { "(\($0)) Tj T*" }.joined(separator: " ") + " ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n" + offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(output.utf8)
    }

    @Test("a JSON Resume becomes text the parser reads: contact, role with dates, highlights, education, skills")
    func jsonResume() async throws {
        let file = try ResumeFile.read(path: JobsFixtures.fixtures.appendingPathComponent("resumes/jordan.json").path)
        let resume = ResumeParser(taxonomy: try #require(await JobsFixtures.taxonomy())).parse(file.text)
        #expect(resume.contact.name == "Jordan Lee")
        #expect(resume.contact.email == "jordan@example.net")
        #expect(resume.contact.links == ["https://github.com/jordanlee"])
        #expect(resume.experience.first?.title == "Data Engineer")
        #expect(resume.experience.first?.company == "Cobalt Analytics")
        #expect(resume.experience.first?.dates?.end == nil, "no end date means present")
        #expect(resume.experience.first?.bullets.count == 2)
        #expect(resume.education.first?.text.hasPrefix("BSc Computer Science, University of Leeds") == true)
        #expect(resume.listedSkills.contains("Python"))
        #expect(resume.certifications.count == 1)
    }

    @Test("a PDF is read through pdftotext; a PDF without text, and a JSON file that is not a resume, get clear reasons")
    func pdfAndBadJSON() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("cv.pdf")
        try Self.pdf(lines: [
            "Ada Lovelace", "EXPERIENCE", "iOS Developer, Harbor Software (2017-2021)", "- Shipped 14 releases with Swift",
        ]).write(to: pdf)
        let scanned = folder.appendingPathComponent("scan.pdf")
        try Self.pdf(lines: []).write(to: scanned)
        let notResume = folder.appendingPathComponent("x.json")
        try Data(#"{"hello": "world"}"#.utf8).write(to: notResume)

        let text = try ResumeFile.read(path: pdf.path).text
        #expect(text.contains("Shipped 14 releases with Swift"))
        let resume = ResumeParser(taxonomy: try #require(await JobsFixtures.taxonomy())).parse(text)
        #expect(resume.experience.first?.company == "Harbor Software")
        #expect(throws: ResumeFile.ReadError.noTextInPDF(scanned.path)) { try ResumeFile.read(path: scanned.path) }
        #expect { try ResumeFile.read(path: notResume.path) } throws: { "\($0)".contains("not a JSON Resume") }
        #expect(throws: ResumeFile.ReadError.unsupported("ODT")) { try ResumeFile.read(path: "/tmp/cv.odt") }
        let huge = folder.appendingPathComponent("huge.txt")
        try Data(repeating: UInt8(ascii: "a"), count: 20 * 1_048_576).write(to: huge)
        #expect(throws: ResumeFile.ReadError.tooLarge(huge.path)) { try ResumeFile.read(path: huge.path) }
        let hugePDF = folder.appendingPathComponent("huge.pdf")
        try Data(repeating: UInt8(ascii: "a"), count: 20 * 1_048_576).write(to: hugePDF)
        #expect(throws: ResumeFile.ReadError.tooLarge(hugePDF.path)) { try ResumeFile.read(path: hugePDF.path) }
    }
}
