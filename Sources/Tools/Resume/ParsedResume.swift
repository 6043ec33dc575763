import Foundation

/// A resume's structure, each part remembering the line it came from so findings can cite it.
package struct ParsedResume: Sendable, Equatable, Codable {
    package struct Line: Sendable, Equatable, Codable {
        package var number: Int
        package var text: String
    }

    package struct Contact: Sendable, Equatable, Codable {
        package var name: String?
        package var email: String?
        package var phone: String?
        package var links: [String]
    }

    package struct Experience: Sendable, Equatable, Codable {
        package var header: Line
        package var title: String
        package var company: String?
        package var dates: ResumeDates.Range?
        package var bullets: [Line]
    }

    package struct Section: Sendable, Equatable, Codable {
        package var name: String
        /// The canonical kind ("experience", "education", …), or nil for a section name ATS parsers won't know.
        package var kind: String?
        package var heading: Line
        package var lines: [Line]
    }

    package var contact: Contact
    package var sections: [Section]
    package var summary: [Line]
    package var experience: [Experience]
    package var education: [Line]
    /// Skills as listed in a skills section.
    package var listedSkills: [String]
    /// Skills recognised anywhere in the text.
    package var skills: [String]
    package var projects: [Line]
    package var certifications: [Line]
    package var lineCount: Int
    package var wordCount: Int
}
