import Foundation

/// One spelling per place, so the same job posted on two boards ("Boston, MA" and "Boston, Massachusetts, US")
/// is recognised as one: "City, REGION, CC" with the state or province abbreviated and the country as its ISO
/// code, when they can be told apart. Remote and unparseable places are left as written.
package struct PlaceNormalizer: Sendable {
    let countries: CountryNames

    package init(countries: CountryNames) {
        self.countries = countries
    }

    package func normalize(_ location: String, country: String?) -> (location: String, country: String?) {
        let lower = location.lowercased()
        guard !lower.contains("remote"), !lower.contains("anywhere") else { return (location, country) }
        var parts = location.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard parts.count >= 2, parts.count <= 4 else { return (location, country) }
        var found = country
        // The last part is the country when it names one, unless it is the state of a US city ("Austin, CA").
        if let last = parts.last {
            let usRegion = countries.region(last, in: "US")
            let asCountry = countries.code(for: last) ?? (countries.isCountryCode(last) ? last.uppercased() : nil)
            if let asCountry, usRegion == nil || parts.count >= 3 || (country != nil && country != "US") {
                found = asCountry
                parts.removeLast()
            } else if usRegion != nil, country == nil || country == "US" {
                found = "US"
            }
        }
        guard let code = found else { return (location, country) }
        var result = [parts[0]]
        if parts.count >= 2 {
            result.append(countries.region(parts[1], in: code) ?? parts[1])
        }
        result.append(code)
        return (result.joined(separator: ", "), code)
    }
}
