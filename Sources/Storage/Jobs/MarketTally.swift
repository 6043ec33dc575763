import Foundation

/// One sampled posting's market inputs, as both index backends read them.
package struct MarketSample: Sendable {
    package var skillsJSON: String
    package var annualMin: Double?
    package var arrangement: String
    package var location: String
    package var company: String

    package init(skillsJSON: String, annualMin: Double?, arrangement: String, location: String, company: String) {
        self.skillsJSON = skillsJSON
        self.annualMin = annualMin
        self.arrangement = arrangement
        self.location = location
        self.company = company
    }
}

extension MarketStats {
    package static let empty = MarketStats(
        total: 0, sampled: 0, topSkills: [], topLocations: [], topCompanies: [], salaryQuartiles: nil, withSalary: 0, remoteShare: 0)

    /// The figures for a sample of the newest matching postings (`total` counts all matches).
    package static func tally(total: Int, samples: [MarketSample]) -> MarketStats {
        var skills: [String: Int] = [:]
        var places: [String: Int] = [:]
        var companies: [String: Int] = [:]
        var salaries: [Double] = []
        var remote = 0
        for sample in samples {
            for skill in (try? JSONDecoder().decode([String].self, from: Data(sample.skillsJSON.utf8))) ?? [] {
                skills[skill, default: 0] += 1
            }
            if let salary = sample.annualMin { salaries.append(salary) }
            if sample.arrangement == "remote" { remote += 1 } else { places[sample.location, default: 0] += 1 }
            companies[sample.company, default: 0] += 1
        }
        func top(_ counts: [String: Int], _ limit: Int) -> [Count] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map {
                Count(name: $0.key, count: $0.value)
            }
        }
        salaries.sort()
        let quartiles =
            salaries.isEmpty
            ? nil
            : (
                low: salaries[salaries.count / 4], median: salaries[salaries.count / 2], high: salaries[salaries.count * 3 / 4]
            )
        return MarketStats(
            total: total, sampled: samples.count, topSkills: top(skills, 10), topLocations: top(places, 5),
            topCompanies: top(companies, 5), salaryQuartiles: quartiles, withSalary: salaries.count,
            remoteShare: samples.isEmpty ? 0 : Double(remote) / Double(samples.count))
    }
}
