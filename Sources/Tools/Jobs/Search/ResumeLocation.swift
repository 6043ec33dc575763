import Foundation

/// Where a resume says its owner lives: the "Chicago, IL" in the header lines most resumes start with.
enum ResumeLocation {
    /// The city of the first "City, ST" among the first lines, when ST is a state or province.
    static func city(in text: String, places: CountryNames) -> String? {
        for line in text.split(separator: "\n").prefix(8) {
            for segment in line.split(whereSeparator: { "|·•\t".contains($0) }) {
                let parts = segment.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 || parts.count == 3, let city = parts.first, (2...40).contains(city.count),
                    city.allSatisfy({ $0.isLetter || $0 == " " || $0 == "." || $0 == "-" || $0 == "'" }),
                    city.first?.isUppercase == true
                else { continue }
                if ["US", "CA", "AU"].contains(where: { places.region(parts[1], in: $0) != nil }) { return city }
            }
        }
        return nil
    }
}
