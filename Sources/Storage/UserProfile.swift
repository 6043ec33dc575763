import Foundation

/// What a user has told JobHunter about themselves; used by search, recommendations, letters and advice.
public struct UserProfile: Sendable, Equatable, Codable {
    public enum RemotePreference: String, Sendable, Codable, CaseIterable {
        case remote, hybrid, onsite, any
    }

    public var name: String?
    public var headline: String?
    public var targetRoles: [String]
    public var locations: [String]
    public var remotePreference: RemotePreference?
    public var salaryFloor: Int?
    public var salaryCurrency: String?
    public var skills: [String]
    public var yearsExperience: Int?

    public init(
        name: String? = nil, headline: String? = nil, targetRoles: [String] = [], locations: [String] = [],
        remotePreference: RemotePreference? = nil, salaryFloor: Int? = nil, salaryCurrency: String? = nil,
        skills: [String] = [], yearsExperience: Int? = nil
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
    }

    public var isEmpty: Bool { self == UserProfile() }
}

public protocol ProfileStore: Sendable {
    /// The user's profile; an empty profile if they never set one.
    func profile(userID: Int64) async throws -> UserProfile
    func save(_ profile: UserProfile, userID: Int64) async throws
    /// Reads, changes and writes the profile in one transaction, so concurrent updates are not lost.
    /// Returns the saved profile and whatever `change` returned.
    func update<Result: Sendable>(
        userID: Int64, _ change: @Sendable @escaping (inout UserProfile) -> Result
    ) async throws -> (profile: UserProfile, result: Result)
}
