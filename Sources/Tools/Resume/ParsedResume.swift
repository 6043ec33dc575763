import Foundation

/// A resume's structure, each part remembering the line it came from so findings can cite it.
public struct ParsedResume: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public var number: Int
        public var text: String
    }

    public struct Contact: Sendable, Equatable, Codable {
        public var name: String?
        public var email: String?
        public var phone: String?
        public var links: [String]
    }

    public struct Experience: Sendable, Equatable, Codable {
        public var header: Line
        public var title: String
        public var company: String?
        public var dates: ResumeDates.Range?
        public var bullets: [Line]
    }

    public struct Section: Sendable, Equatable, Codable {
        public var name: String
        /// The canonical kind ("experience", "education", …), or nil for a section name ATS parsers won't know.
        public var kind: String?
        public var heading: Line
        public var lines: [Line]
    }

    public var contact: Contact
    public var sections: [Section]
    public var summary: [Line]
    public var experience: [Experience]
    public var education: [Line]
    /// Skills as listed in a skills section.
    public var listedSkills: [String]
    /// Skills recognised anywhere in the text.
    public var skills: [String]
    public var projects: [Line]
    public var certifications: [Line]
    public var lineCount: Int
    public var wordCount: Int
}
