import Foundation

/// Files made for one user (tailored resumes): each user has a folder of their own under `root`, each file an
/// unguessable name, and only the owner can read it (0600 in a 0700 folder).
package struct ExportFiles: Sendable {
    package let root: URL
    /// The terminal shows the path; the server shows a download link instead.
    package let showsPaths: Bool

    package init(root: URL, showsPaths: Bool) {
        self.root = root
        self.showsPaths = showsPaths
    }

    package enum Failure: Error, CustomStringConvertible {
        case unwritable

        package var description: String { "the exported file could not be written" }
    }

    /// Writes the files as `<stem>-<random>.<extension>` in the user's folder and returns, per file, what to show:
    /// a path on the terminal, `/exports/<name>` on the server.
    package func write(userID: Int64, stem: String, files: [(fileExtension: String, data: Data)]) throws -> [String] {
        let folder = try userFolder(userID)
        let slug = String(stem.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40))
        let unique = Self.randomToken()
        return try files.map { file in
            let name = "\(slug.isEmpty ? "export" : slug)-\(unique).\(file.fileExtension)"
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: url.path, contents: file.data, attributes: [.posixPermissions: 0o600]) else {
                throw Failure.unwritable
            }
            return showsPaths ? url.path : "/exports/\(name)"
        }
    }

    /// The bytes of one of the user's exports, nil when the name is malformed or the file is not theirs.
    package func read(userID: Int64, name: String) -> Data? {
        guard Self.isValidName(name) else { return nil }
        return FileManager.default.contents(atPath: root.appendingPathComponent("u\(userID)").appendingPathComponent(name).path)
    }

    /// Names this type makes: lowercase letters, digits and dashes, one dot, a known extension; nothing that could
    /// climb out of the user's folder.
    package static func isValidName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, ["md", "docx"].contains(parts[1]), (1...80).contains(parts[0].count) else { return false }
        return parts[0].allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    private func userFolder(_ userID: Int64) throws -> URL {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let folder = root.appendingPathComponent("u\(userID)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    /// 128 random bits as hex: a name nobody can guess.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
