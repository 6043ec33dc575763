import Foundation
import Storage

/// Reads postings from files: JobSpy's CSV, JSON lines, or a JSON array. A bad row is skipped with
/// its reason; it never aborts the file.
package struct JobImporter: Sendable {
    package struct Result: Sendable {
        package var postings: [JobPosting]
        /// (line or item number, reason)
        package var skipped: [(row: Int, reason: String)]
    }

    package enum ImportError: Error, CustomStringConvertible, Equatable {
        case unreadable(String)
        case tooLarge(path: String, bytes: Int, limit: Int)
        case unknownFormat(String)
        case notJSON(String)
        case notCSV(path: String, reason: String)
        case missingColumns(path: String, columns: [String])

        package var description: String {
            switch self {
            case .unreadable(let path): return "cannot read \(path)"
            case .tooLarge(let path, let bytes, let limit):
                return "\(path) is \(bytes / 1_048_576) MB; the limit is \(limit / 1_048_576) MB"
            case .unknownFormat(let path): return "\(path) is not CSV, JSON lines or a JSON array of postings"
            case .notJSON(let reason): return "not valid JSON: \(reason)"
            case .notCSV(let path, let reason): return "\(path) is not valid CSV: \(reason)"
            case .missingColumns(let path, let columns):
                return "\(path) has no \(columns.joined(separator: "/")) column; is it JobSpy output?"
            }
        }
    }

    package static let maxFileBytes = 1_024 * 1_048_576

    /// Keys under which job APIs wrap their lists.
    static let listKeys = ["jobs", "data", "results", "postings", "items"]

    package let normalizer: JobNormalizer

    package init(normalizer: JobNormalizer) {
        self.normalizer = normalizer
    }

    package func read(path: String, source: String? = nil) throws -> Result {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else { throw ImportError.unreadable(path) }
        guard size <= Self.maxFileBytes else { throw ImportError.tooLarge(path: path, bytes: size, limit: Self.maxFileBytes) }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ImportError.unreadable(path) }
        let text = String(decoding: data, as: UTF8.self)
        let name = source ?? "import:" + url.lastPathComponent
        let start = text.drop { $0.isWhitespace }.first
        switch (url.pathExtension.lowercased(), start) {
        case ("csv", _), ("tsv", _): return try readCSV(text, path: path, source: name)
        case (_, "["): return try readJSONArray(data, source: name)
        case (_, "{"):
            // One object wrapping a list ({"jobs": [...]}) or one posting per line.
            if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                Self.listKeys.contains(where: { object[$0] is [Any] })
            {
                return try readJSONArray(data, source: name)
            }
            return readJSONLines(text, source: name)
        default:
            if text.split(separator: "\n", maxSplits: 1).first?.contains(",") == true {
                return try readCSV(text, path: path, source: name)
            }
            throw ImportError.unknownFormat(path)
        }
    }

    func readCSV(_ text: String, path: String, source: String) throws -> Result {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            throw ImportError.notCSV(path: path, reason: "\(error)")
        }
        guard let header = records.first else { return Result(postings: [], skipped: []) }
        let columns = Dictionary(
            header.fields.enumerated().map { ($1.trimmingCharacters(in: .whitespaces).lowercased(), $0) },
            uniquingKeysWith: { first, _ in first })
        guard columns["title"] != nil else { throw ImportError.missingColumns(path: path, columns: ["title"]) }
        var result = Result(postings: [], skipped: [])
        for record in records.dropFirst() {
            var object: [String: Any] = [:]
            for (name, index) in columns where index < record.fields.count {
                let value = record.fields[index]
                if !value.isEmpty, value.lowercased() != "nan" { object[name] = value }
            }
            do {
                result.postings.append(normalizer.normalize(try JobFields(object).posting(source: object["site"] as? String ?? source)))
            } catch {
                result.skipped.append((record.line, "\(error)"))
            }
        }
        return result
    }

    func readJSONArray(_ data: Data, source: String) throws -> Result {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ImportError.notJSON((error as NSError).localizedDescription)
        }
        // Some APIs wrap the list: {"jobs": [...]} / {"data": [...]} / {"results": [...]}.
        let items: [Any]
        if let array = parsed as? [Any] {
            items = array
        } else if let object = parsed as? [String: Any],
            let list = Self.listKeys.lazy.compactMap({ object[$0] as? [Any] }).first
        {
            items = list
        } else {
            throw ImportError.notJSON("expected an array of postings")
        }
        var result = Result(postings: [], skipped: [])
        for (index, item) in items.enumerated() {
            guard let object = item as? [String: Any] else {
                result.skipped.append((index + 1, "not an object"))
                continue
            }
            do {
                result.postings.append(normalizer.normalize(try JobFields(object).posting(source: source)))
            } catch {
                result.skipped.append((index + 1, "\(error)"))
            }
        }
        return result
    }

    func readJSONLines(_ text: String, source: String) -> Result {
        var result = Result(postings: [], skipped: [])
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                result.skipped.append((number + 1, "not a JSON object"))
                continue
            }
            do {
                result.postings.append(normalizer.normalize(try JobFields(object).posting(source: source)))
            } catch {
                result.skipped.append((number + 1, "\(error)"))
            }
        }
        return result
    }
}
