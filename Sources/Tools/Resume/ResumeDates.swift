import Foundation

/// A month in a resume's dates; the month is nil when only a year is written.
package struct YearMonth: Sendable, Equatable, Comparable, Codable {
    package var year: Int
    package var month: Int?

    package init(year: Int, month: Int? = nil) {
        self.year = year
        self.month = month
    }

    package static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month ?? 1) < (rhs.year, rhs.month ?? 1)
    }

    /// Months from `self` to `other` (positive when `other` is later).
    package func months(to other: YearMonth) -> Int {
        (other.year - year) * 12 + ((other.month ?? 1) - (month ?? 1))
    }
}

/// Date ranges as resumes write them: "Jan 2020 – Present", "January 2020 - Mar 2021", "2019-03 – 2020-05",
/// "03/2019 - 05/2020", "2017–2021", "since 2022".
package enum ResumeDates {
    package struct Range: Sendable, Equatable, Codable {
        package var start: YearMonth
        /// Nil means "present".
        package var end: YearMonth?

        package init(start: YearMonth, end: YearMonth?) {
            self.start = start
            self.end = end
        }
    }

    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]

    /// The first date range in a line, if any.
    package static func range(in line: String) -> Range? {
        let points = datePoints(in: line)
        let lower = line.lowercased()
        let present = ["present", "current", "now", "today", "ongoing"].contains { lower.contains($0) }
        guard let start = points.first else { return nil }
        if points.count >= 2, start <= points[1] { return Range(start: start, end: points[1]) }
        if present || lower.contains("since") { return Range(start: start, end: nil) }
        return nil
    }

    /// Every date in the line, in order: "Mar 2021", "2019-03", "03/2019", or a bare year.
    static func datePoints(in line: String) -> [YearMonth] {
        let tokens = line.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "/" && $0 != "-" && $0 != "." }
            .flatMap { token -> [Substring] in
                // "2017-2021" and "2019-03" arrive as one token; split year ranges, keep year-month.
                let parts = token.split(separator: "-")
                if parts.count == 2, parts.allSatisfy({ $0.count == 4 && Int($0) != nil }) { return parts }
                return [token]
            }
        var points: [YearMonth] = []
        var index = 0
        while index < tokens.count {
            let token = String(tokens[index])
            if let month = months[String(token.prefix(3))], token.count <= 9, index + 1 < tokens.count,
                let year = year(String(tokens[index + 1]))
            {
                points.append(YearMonth(year: year, month: month))
                index += 2
                continue
            }
            let pieces = token.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
            if pieces.count == 2 {
                if let year = year(pieces[0]), let month = Int(pieces[1]), (1...12).contains(month) {
                    points.append(YearMonth(year: year, month: month))
                } else if let month = Int(pieces[0]), (1...12).contains(month), let year = year(pieces[1]) {
                    points.append(YearMonth(year: year, month: month))
                }
            } else if let year = year(token) {
                points.append(YearMonth(year: year))
            }
            index += 1
        }
        return points
    }

    static func year(_ text: String) -> Int? {
        guard text.count == 4, let value = Int(text), (1950...2100).contains(value) else { return nil }
        return value
    }
}
