import Foundation

/// What a user has told JobHunter about themselves; used by search, recommendations, letters and advice.
package struct UserProfile: Sendable, Equatable, Codable {
    package enum RemotePreference: String, Sendable, Codable, CaseIterable {
        case remote, hybrid, onsite, any
    }

    package var name: String?
    package var headline: String?
    package var targetRoles: [String]
    package var locations: [String]
    package var remotePreference: RemotePreference?
    package var salaryFloor: Int?
    package var salaryCurrency: String?
    package var skills: [String]
    package var yearsExperience: Int?
    /// Certifications and licences as people write them ("CPA", "ACLS", "CDL").
    package var certifications: [String]
    package var languages: [String]
    /// "junior", "mid", "senior", "lead", …: the level the person works at.
    package var seniority: String?
    /// "year", "month" or "hour": what `salaryFloor` is per.
    package var salaryPeriod: String?
    package var needsVisaSponsorship: Bool?

    package init(
        name: String? = nil, headline: String? = nil, targetRoles: [String] = [], locations: [String] = [],
        remotePreference: RemotePreference? = nil, salaryFloor: Int? = nil, salaryCurrency: String? = nil,
        skills: [String] = [], yearsExperience: Int? = nil, certifications: [String] = [], languages: [String] = [],
        seniority: String? = nil, salaryPeriod: String? = nil, needsVisaSponsorship: Bool? = nil
    ) {
        self.name = name
        self.headline = headline
        self.targetRoles = targetRoles
        self.locations = locations
        self.remotePreference = remotePreference
        self.salaryFloor = salaryFloor
        self.salaryCurrency = salaryCurrency
        self.skills = skills
        self.yearsExperience = yearsExperience
        self.certifications = certifications
        self.languages = languages
        self.seniority = seniority
        self.salaryPeriod = salaryPeriod
        self.needsVisaSponsorship = needsVisaSponsorship
    }

    enum CodingKeys: String, CodingKey {
        case name, headline, targetRoles, locations, remotePreference, salaryFloor, salaryCurrency, skills
        case yearsExperience, certifications, languages, seniority, salaryPeriod, needsVisaSponsorship
    }

    /// Documents saved before a field existed decode with that field empty.
    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        headline = try container.decodeIfPresent(String.self, forKey: .headline)
        targetRoles = try container.decodeIfPresent([String].self, forKey: .targetRoles) ?? []
        locations = try container.decodeIfPresent([String].self, forKey: .locations) ?? []
        remotePreference = try container.decodeIfPresent(RemotePreference.self, forKey: .remotePreference)
        salaryFloor = try container.decodeIfPresent(Int.self, forKey: .salaryFloor)
        salaryCurrency = try container.decodeIfPresent(String.self, forKey: .salaryCurrency)
        skills = try container.decodeIfPresent([String].self, forKey: .skills) ?? []
        yearsExperience = try container.decodeIfPresent(Int.self, forKey: .yearsExperience)
        certifications = try container.decodeIfPresent([String].self, forKey: .certifications) ?? []
        languages = try container.decodeIfPresent([String].self, forKey: .languages) ?? []
        seniority = try container.decodeIfPresent(String.self, forKey: .seniority)
        salaryPeriod = try container.decodeIfPresent(String.self, forKey: .salaryPeriod)
        needsVisaSponsorship = try container.decodeIfPresent(Bool.self, forKey: .needsVisaSponsorship)
    }

    /// The fields SQLite keeps in the profile's `details` column.
    package struct Details: Codable, Sendable {
        package var certifications: [String]?
        package var languages: [String]?
        package var seniority: String?
        package var salaryPeriod: String?
        package var needsVisaSponsorship: Bool?
    }

    package var details: Details {
        get {
            Details(
                certifications: certifications, languages: languages, seniority: seniority, salaryPeriod: salaryPeriod,
                needsVisaSponsorship: needsVisaSponsorship)
        }
        set {
            certifications = newValue.certifications ?? []
            languages = newValue.languages ?? []
            seniority = newValue.seniority
            salaryPeriod = newValue.salaryPeriod
            needsVisaSponsorship = newValue.needsVisaSponsorship
        }
    }

    package var isEmpty: Bool { self == UserProfile() }
}

package protocol ProfileStore: Sendable {
    /// The user's profile; an empty profile if they never set one.
    func profile(userID: Int64) async throws -> UserProfile
    func save(_ profile: UserProfile, userID: Int64) async throws
    /// Reads, changes and writes the profile in one transaction, so concurrent updates are not lost.
    /// Returns the saved profile and whatever `change` returned.
    func update<Result: Sendable>(
        userID: Int64, _ change: @Sendable @escaping (inout UserProfile) -> Result
    ) async throws -> (profile: UserProfile, result: Result)
}
