import Assistant
import Foundation
import Storage

/// The arguments of `update_profile`: each field present is a change the user asked for.
struct ProfileChange: Decodable, Sendable {
    var name: String?
    var headline: String?
    var addTargetRoles: [String]?
    var removeTargetRoles: [String]?
    var addLocations: [String]?
    var removeLocations: [String]?
    var remotePreference: String?
    var salaryFloor: Int?
    var salaryCurrency: String?
    var addSkills: [String]?
    var removeSkills: [String]?
    var yearsExperience: Int?
    var setLocations: [String]?
    var addCertifications: [String]?
    var removeCertifications: [String]?
    var addLanguages: [String]?
    var removeLanguages: [String]?
    var seniority: String?
    var salaryPeriod: String?
    var needsVisaSponsorship: Bool?

    enum CodingKeys: String, CodingKey {
        case name, headline
        case addTargetRoles = "add_target_roles", removeTargetRoles = "remove_target_roles"
        case addLocations = "add_locations", removeLocations = "remove_locations"
        case remotePreference = "remote_preference", salaryFloor = "salary_floor", salaryCurrency = "salary_currency"
        case addSkills = "add_skills", removeSkills = "remove_skills", yearsExperience = "years_experience"
        case setLocations = "set_locations", addCertifications = "add_certifications"
        case removeCertifications = "remove_certifications", addLanguages = "add_languages"
        case removeLanguages = "remove_languages", seniority, salaryPeriod = "salary_period"
        case needsVisaSponsorship = "needs_visa_sponsorship"
    }

    static let seniorityLevels = ["intern", "junior", "mid", "senior", "staff", "principal", "lead", "director", "executive"]
    static let salaryPeriods = ["year", "month", "hour"]

    /// True when no field was given at all.
    var isEmpty: Bool {
        name == nil && headline == nil && addTargetRoles == nil && removeTargetRoles == nil && addLocations == nil
            && removeLocations == nil && remotePreference == nil && salaryFloor == nil && salaryCurrency == nil
            && addSkills == nil && removeSkills == nil && yearsExperience == nil && setLocations == nil
            && addCertifications == nil && removeCertifications == nil && addLanguages == nil && removeLanguages == nil
            && seniority == nil && salaryPeriod == nil && needsVisaSponsorship == nil
    }

    static let maxListLength = 100
    static let maxTextLength = 120

    /// Rejects values no real profile has, naming the field.
    func validate() throws -> UserProfile.RemotePreference? {
        func fail(_ reason: String) -> ToolError { .invalidArguments(tool: "update_profile", reason: reason) }
        for (field, text) in [("name", name), ("headline", headline), ("salary_currency", salaryCurrency)] {
            if let text, text.trimmingCharacters(in: .whitespaces).isEmpty || text.count > Self.maxTextLength {
                throw fail("\(field) must be 1 to \(Self.maxTextLength) characters")
            }
        }
        let lists = [
            ("add_target_roles", addTargetRoles), ("remove_target_roles", removeTargetRoles),
            ("add_locations", addLocations), ("remove_locations", removeLocations), ("add_skills", addSkills),
            ("remove_skills", removeSkills), ("set_locations", setLocations), ("add_certifications", addCertifications),
            ("remove_certifications", removeCertifications), ("add_languages", addLanguages),
            ("remove_languages", removeLanguages),
        ]
        for (field, list) in lists {
            guard let list else { continue }
            if list.count > Self.maxListLength { throw fail("\(field) may hold at most \(Self.maxListLength) items") }
            if list.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.count > Self.maxTextLength }) {
                throw fail("every item of \(field) must be 1 to \(Self.maxTextLength) characters")
            }
        }
        if let floor = salaryFloor, floor < 0 || floor > 10_000_000 {
            throw fail("salary_floor must be between 0 and 10,000,000")
        }
        if let years = yearsExperience, years < 0 || years > 70 {
            throw fail("years_experience must be between 0 and 70")
        }
        if let seniority, !Self.seniorityLevels.contains(seniority.lowercased()) {
            throw fail("seniority must be one of \(Self.seniorityLevels.joined(separator: ", "))")
        }
        if let salaryPeriod, !Self.salaryPeriods.contains(salaryPeriod.lowercased()) {
            throw fail("salary_period must be year, month or hour")
        }
        guard let remotePreference else { return nil }
        guard let preference = UserProfile.RemotePreference(rawValue: remotePreference.lowercased()) else {
            throw fail("remote_preference must be one of remote, hybrid, onsite, any")
        }
        return preference
    }

    /// Applies the change and describes each effective difference, for the user to confirm.
    func apply(to profile: inout UserProfile, remote: UserProfile.RemotePreference?) -> [String] {
        var changes: [String] = []
        func set<T: Equatable>(_ keyPath: WritableKeyPath<UserProfile, T?>, _ value: T?, _ label: (T) -> String) {
            guard let value, profile[keyPath: keyPath] != value else { return }
            profile[keyPath: keyPath] = value
            changes.append(label(value))
        }
        set(\.name, name.map(Self.tidy)) { "name: \($0)" }
        set(\.headline, headline.map(Self.tidy)) { "headline: \($0)" }
        set(\.remotePreference, remote) { "work arrangement: \($0.rawValue)" }
        set(\.salaryCurrency, salaryCurrency?.uppercased()) { "salary currency: \($0)" }
        let periodChanged = salaryPeriod.map { $0.lowercased() != profile.salaryPeriod } ?? false
        if let salaryPeriod { profile.salaryPeriod = salaryPeriod.lowercased() }
        set(\.salaryFloor, salaryFloor) {
            "salary floor: \(ProfileJSON.salaryText($0, currency: profile.salaryCurrency))" + Self.per(profile.salaryPeriod)
        }
        if periodChanged, !changes.contains(where: { $0.hasPrefix("salary floor") }), let period = profile.salaryPeriod {
            changes.append("salary counted per \(period)")
        }
        set(\.yearsExperience, yearsExperience) { "experience: \($0) years" }
        set(\.seniority, seniority?.lowercased()) { "seniority: \($0)" }
        set(\.needsVisaSponsorship, needsVisaSponsorship) { $0 ? "needs visa sponsorship" : "no visa sponsorship needed" }
        edit(&profile.targetRoles, add: addTargetRoles, remove: removeTargetRoles, label: "target roles", into: &changes)
        if let setLocations {
            // "I moved to Munich": the new places replace the old ones.
            let places = setLocations.map(Self.tidy)
            if profile.locations.map({ $0.lowercased() }) != places.map({ $0.lowercased() }) {
                profile.locations = places
                changes.append("locations now: \(places.joined(separator: ", "))")
            }
        }
        edit(&profile.locations, add: addLocations, remove: removeLocations, label: "locations", into: &changes)
        edit(&profile.skills, add: addSkills, remove: removeSkills, label: "skills", into: &changes)
        edit(&profile.certifications, add: addCertifications, remove: removeCertifications, label: "certifications", into: &changes)
        edit(&profile.languages, add: addLanguages, remove: removeLanguages, label: "languages", into: &changes)
        return changes
    }

    /// Adds and removes items case-insensitively, keeping the first spelling a user gave.
    private func edit(
        _ list: inout [String], add: [String]?, remove: [String]?, label: String, into changes: inout [String]
    ) {
        let removals = Set((remove ?? []).map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
        let before = list
        list.removeAll { removals.contains($0.lowercased()) }
        let removed = before.filter { !list.contains($0) }
        var added: [String] = []
        for item in (add ?? []).map(Self.tidy) where !list.contains(where: { $0.lowercased() == item.lowercased() }) {
            list.append(item)
            added.append(item)
        }
        if !added.isEmpty { changes.append("added \(label): \(added.joined(separator: ", "))") }
        if !removed.isEmpty { changes.append("removed \(label): \(removed.joined(separator: ", "))") }
    }

    static func per(_ period: String?) -> String {
        switch period {
        case "hour": return " an hour"
        case "month": return " a month"
        case "year": return " a year"
        default: return ""
        }
    }

    private static func tidy(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
