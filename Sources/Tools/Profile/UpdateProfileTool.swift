import Assistant
import Foundation
import Storage

/// Changes profile facts the user stated; lists are edited item by item, never replaced wholesale.
package struct UpdateProfileTool: Tool {
    let profiles: any ProfileStore

    package init(profiles: any ProfileStore) {
        self.profiles = profiles
    }

    package let name = "update_profile"
    package let description = """
        Updates the user's profile with facts they stated about themselves. Only pass fields the user \
        actually mentioned. Lists are edited with add_/remove_ fields; salary_floor is the minimum acceptable \
        salary as a whole number, per salary_period (a year unless the user said otherwise).
        """
    package var parameters: JSONValue {
        Schema.object([
            "name": Schema.string("The user's name."),
            "headline": Schema.string("A one-line professional headline, e.g. \"Senior Backend Engineer\"."),
            "add_target_roles": Schema.strings("Job titles the user wants."),
            "remove_target_roles": Schema.strings("Job titles the user no longer wants."),
            "add_locations": Schema.strings("Cities or countries the user wants to work in."),
            "remove_locations": Schema.strings("Locations to remove."),
            "remote_preference": Schema.string("Preferred work arrangement.", oneOf: ["remote", "hybrid", "onsite", "any"]),
            "salary_floor": Schema.integer("Minimum acceptable salary.", minimum: 0, maximum: 10_000_000),
            "salary_currency": Schema.string("ISO currency code of salary_floor, e.g. USD or EUR."),
            "add_skills": Schema.strings("Skills to add."),
            "remove_skills": Schema.strings("Skills to remove."),
            "years_experience": Schema.integer("Years of professional experience.", minimum: 0, maximum: 70),
            "set_locations": Schema.strings("Replaces all locations, e.g. after the user moved."),
            "add_certifications": Schema.strings("Certifications and licences, e.g. CPA, ACLS, CDL, PMP."),
            "remove_certifications": Schema.strings("Certifications to remove."),
            "add_languages": Schema.strings("Languages the user speaks."),
            "remove_languages": Schema.strings("Languages to remove."),
            "seniority": Schema.string("The user's level.", oneOf: ProfileChange.seniorityLevels),
            "salary_period": Schema.string("What salary_floor is per.", oneOf: ProfileChange.salaryPeriods),
            "needs_visa_sponsorship": Schema.boolean("Whether the user needs visa sponsorship to work."),
        ])
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let change = try decodeArguments(ProfileChange.self, from: arguments)
        let remote = try change.validate()
        guard !change.isEmpty else {
            throw ToolError.failed(
                "I couldn't tell what to change in your profile. Try \"I'm a truck driver in Dallas\", \"add forklift to my skills\" or \"I want jobs paying at least 60k\"."
            )
        }
        let (profile, changes) = try await profiles.update(userID: context.userID) { profile in
            change.apply(to: &profile, remote: remote)
        }
        return ToolOutput(content: [
            "changes": .array(changes.map(JSONValue.string)), "profile": ProfileJSON.encode(profile),
        ])
    }
}
