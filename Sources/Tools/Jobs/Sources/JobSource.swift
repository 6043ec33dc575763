import Assistant
import Foundation
import Storage

/// What to ask a job board for.
package struct SourceQuery: Sendable, Equatable {
    package var text: String?
    package var location: String?

    package init(text: String? = nil, location: String? = nil) {
        self.text = text
        self.location = location
    }

    /// Boards without server-side search are filtered locally: every query word must appear.
    func matches(_ posting: JobPosting) -> Bool {
        let haystack = (posting.title + " " + posting.skills.joined(separator: " ") + " " + posting.description).lowercased()
        let words = (text ?? "").lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "+" && $0 != "#" }
        let place = location?.lowercased()
        return words.allSatisfy { haystack.contains($0) }
            && (place == nil || posting.location.lowercased().contains(place ?? "") || posting.arrangement == .remote)
    }
}

/// One page of a board's answer.
package struct SourcePage: Sendable {
    package var postings: [JobPosting]
    package var hasMore: Bool
}

/// Why a board's answer could not be used. Every case reads as the reason in `jobhunter jobs sources`.
package enum SourceError: Error, Equatable, CustomStringConvertible {
    case notConfigured(String)
    case http(Int)
    case schemaChanged(String)
    case transport(String)
    case timedOut

    package var description: String {
        switch self {
        case .notConfigured(let what): return "not configured: set \(what)"
        case .http(let status) where status == 401 || status == 403:
            return "HTTP \(status): the board refused the request (blocked or bad key)"
        case .http(429): return "HTTP 429: rate limited by the board"
        case .http(let status): return "HTTP \(status)"
        case .schemaChanged(let detail): return "unexpected response (the board's format may have changed): \(detail)"
        case .transport(let reason): return "could not reach the board: \(reason)"
        case .timedOut: return "timed out"
        }
    }
}

/// A public job board. Implementations only build requests and parse answers (no I/O), so each is
/// tested against a recorded, real-shaped response.
package protocol JobSource: Sendable {
    /// Short name used on the command line: "remotive".
    var name: String { get }
    /// Most pages fetched per refresh.
    var maxPages: Int { get }
    /// The least time between two requests to this board.
    var politeInterval: Duration { get }
    /// Nil when usable; otherwise what is missing (e.g. "ADZUNA_APP_ID and ADZUNA_APP_KEY").
    var missingConfiguration: String? { get }
    func request(for query: SourceQuery, page: Int) throws -> HTTPRequest
    func parse(_ body: Data, query: SourceQuery, page: Int) throws -> SourcePage
    /// Secrets to remove from any error text.
    var secrets: [String] { get }
}

extension JobSource {
    package var maxPages: Int { 1 }
    package var politeInterval: Duration { .seconds(1) }
    package var missingConfiguration: String? { nil }
    package var secrets: [String] { [] }

    func url(_ base: String, _ items: [(String, String?)]) throws -> URL {
        guard var components = URLComponents(string: base) else { throw SourceError.schemaChanged("bad URL \(base)") }
        let present = items.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !present.isEmpty { components.queryItems = present }
        guard let url = components.url else { throw SourceError.schemaChanged("bad URL \(base)") }
        return url
    }

    func json(_ body: Data) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: body)
        } catch {
            throw SourceError.schemaChanged("not JSON (\(body.count) bytes)")
        }
    }
}

/// JSON values read leniently: boards send numbers as strings and strings as numbers.
enum Lenient {
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber where !(value is Bool): return number.doubleValue
        case let text as String: return Double(text.replacingOccurrences(of: ",", with: ""))
        default: return nil
        }
    }

    static func strings(_ value: Any?) -> [String] {
        (value as? [Any])?.compactMap { string($0) } ?? []
    }
}
