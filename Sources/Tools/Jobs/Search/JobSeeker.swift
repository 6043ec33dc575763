import Foundation
import Storage

/// Everything matching knows about the person: what they do (as O*NET occupations), what they can do,
/// where and for how much they want to work. Built from the profile and the latest resume.
package struct JobSeeker: Sendable {
    /// Roles as the person named them: target roles, headline, resume titles; most wanted first.
    package var roles: [String] = []
    /// O*NET-SOC codes of those roles, with the title that names each.
    package var occupations: [(code: String, title: String)] = []
    /// Every O*NET code of the same SOC occupations (a registered nurse's family includes critical-care nurses,
    /// and always the occupation itself), mapped to the title of the person's own occupation.
    package var family: [String: String] = [:]
    /// Occupations O*NET lists as related to theirs, with their closeness rank (1 is closest).
    package var related: [String: Int] = [:]
    package var skills: [String] = []
    package var locations: [String] = []
    /// Each location as the job indexes match it (nil when it has no letter or digit).
    package var places: [PlaceFilter?] = []
    package var remoteOnly = false
    /// Yearly, in the profile's currency.
    package var salaryFloor: Double?
    package var yearsExperience: Int?
    package var seniority: String?

    package init() {}

    /// Knows nothing that can rank a posting by what the person does.
    package var knowsWork: Bool { !roles.isEmpty || !skills.isEmpty }

    package init(
        profile: UserProfile, resumeText: String?, taxonomy: SkillTaxonomy, occupations catalog: OccupationCatalog?
    ) {
        var roles = profile.targetRoles
        if let headline = profile.headline { roles.append(headline) }
        var skills = profile.skills
        func addSkill(_ skill: String) {
            if !skills.contains(where: { taxonomy.same($0, skill) }) { skills.append(skill) }
        }
        profile.certifications.forEach(addSkill)
        if let resumeText {
            let parsed = ResumeParser(taxonomy: taxonomy).parse(resumeText)
            // The two latest titles say what the person does now; older ones may be another career.
            roles += parsed.experience.prefix(2).map(\.title).filter { !$0.isEmpty }
            ResumeFacts(text: resumeText, taxonomy: taxonomy).skills.forEach(addSkill)
        }
        var seenRoles = Set<String>()
        self.roles = roles.filter { seenRoles.insert($0.lowercased()).inserted }
        self.skills = skills
        locations = profile.locations
        places = locations.map { PlaceFilter(location: $0) }
        remoteOnly = profile.remotePreference == .remote
        let period = profile.salaryPeriod.flatMap(JobPosting.SalaryPeriod.init(rawValue:)) ?? .year
        salaryFloor = profile.salaryFloor.map { Double($0) * period.yearlyFactor }
        yearsExperience = profile.yearsExperience
        seniority = profile.seniority
        guard let catalog else { return }
        for role in self.roles.prefix(5) {
            guard let mapping = catalog.map(role), !occupations.contains(where: { $0.code == mapping.occupation.code })
            else { continue }
            occupations.append((mapping.occupation.code, mapping.occupation.title))
        }
        // A licence that makes the occupation counts when no role did: "I have a CDL" is a truck driver.
        if occupations.isEmpty {
            for credential in profile.certifications {
                guard let occupation = catalog.occupation(forCredential: credential),
                    !occupations.contains(where: { $0.code == occupation.code })
                else { continue }
                occupations.append((occupation.code, occupation.title))
            }
        }
        for occupation in occupations {
            for code in catalog.familyCodes(of: occupation.code) where family[code] == nil { family[code] = occupation.title }
        }
        let own = Set(family.keys)
        for occupation in occupations {
            for (rank, code) in catalog.relatedOccupationCodes(of: occupation.code).enumerated() where !own.contains(code) {
                related[code] = min(related[code] ?? .max, rank + 1)
            }
        }
    }
}
