import Foundation
import Storage

/// `JobMergePolicy` on postings in memory: the same rules the SQL backends translate, column by column.
extension JobMergePolicy {
    /// Merges a posting seen again into the stored one. Columns that hold no posting field (`indexed_at`, and the
    /// yearly figures derived from the salary) need nothing here.
    func merge(_ incoming: JobPosting, into stored: inout JobPosting) {
        for assignment in assignments {
            switch (assignment.column, assignment.rule) {
            case ("occupation_code", .keepStored): stored.occupationCode = stored.occupationCode ?? incoming.occupationCode
            case ("url", .preferIncoming): stored.url = incoming.url ?? stored.url
            case ("salary_min", .preferIncoming): stored.salaryMin = incoming.salaryMin ?? stored.salaryMin
            case ("salary_max", .preferIncoming): stored.salaryMax = incoming.salaryMax ?? stored.salaryMax
            case ("salary_currency", .preferIncoming): stored.salaryCurrency = incoming.salaryCurrency ?? stored.salaryCurrency
            case ("salary_period", .preferIncoming): stored.salaryPeriod = incoming.salaryPeriod ?? stored.salaryPeriod
            case ("description", .longerText):
                if incoming.description.count > stored.description.count { stored.description = incoming.description }
            case ("skills", .longerText):
                if Self.json(incoming.skills).count > Self.json(stored.skills).count { stored.skills = incoming.skills }
            case ("posted_at", .later):
                stored.postedAt = [stored.postedAt, incoming.postedAt].compactMap { $0 }.max()
            case ("links", .unionObject):
                stored.links.merge(Self.links(of: incoming)) { _, new in new }
            case ("sources", .appendName(column: "source")):
                if !stored.sources.contains(incoming.source) { stored.sources.append(incoming.source) }
            default:
                continue
            }
        }
    }

    /// `{source: url}`, as a posting's links are written.
    static func links(of posting: JobPosting) -> [String: String] {
        posting.url.map { [posting.source: $0] } ?? [:]
    }

    /// The skills as the databases store them, for "the longer text" of the two.
    static func json(_ skills: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(skills), as: UTF8.self)) ?? ""
    }
}
