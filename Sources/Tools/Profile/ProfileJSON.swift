import Assistant
import Foundation
import Storage

/// How a profile is shown to models and reply templates: the stored fields plus readable texts.
enum ProfileJSON {
    static func encode(_ profile: UserProfile) -> JSONValue {
        var fields: [String: JSONValue] = [
            "target_roles": .array(profile.targetRoles.map(JSONValue.string)),
            "locations": .array(profile.locations.map(JSONValue.string)),
            "skills": .array(profile.skills.map(JSONValue.string)),
            "certifications": .array(profile.certifications.map(JSONValue.string)),
            "languages": .array(profile.languages.map(JSONValue.string)),
        ]
        if let seniority = profile.seniority { fields["seniority"] = .string(seniority) }
        if let visa = profile.needsVisaSponsorship {
            fields["needs_visa_sponsorship"] = .bool(visa)
            fields["visa_text"] = .string(visa ? "needs sponsorship" : "no sponsorship needed")
        }
        if let name = profile.name { fields["name"] = .string(name) }
        if let headline = profile.headline { fields["headline"] = .string(headline) }
        if let remote = profile.remotePreference { fields["remote_preference"] = .string(remote.rawValue) }
        if let floor = profile.salaryFloor {
            fields["salary_floor"] = .number(Double(floor))
            fields["salary_floor_text"] = .string(
                salaryText(floor, currency: profile.salaryCurrency) + ProfileChange.per(profile.salaryPeriod))
        }
        if let currency = profile.salaryCurrency { fields["salary_currency"] = .string(currency) }
        if let years = profile.yearsExperience {
            fields["years_experience"] = .number(Double(years))
            fields["years_experience_text"] = .string(years == 1 ? "1 year" : "\(years) years")
        }
        return .object(fields)
    }

    static func salaryText(_ amount: Int, currency: String?) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        let number = formatter.string(from: NSNumber(value: amount)) ?? String(amount)
        return currency.map { "\(number) \($0)" } ?? number
    }
}
