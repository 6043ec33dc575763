import Assistant
import Foundation
import Storage

/// Shows what the profile holds.
package struct GetProfileTool: Tool {
    let profiles: any ProfileStore

    package init(profiles: any ProfileStore) {
        self.profiles = profiles
    }

    package let name = "get_profile"
    package let description = """
        Returns the user's profile: name, headline, target roles, locations, remote preference, salary floor, \
        skills and years of experience. Call it before personalising an answer.
        """
    package var parameters: JSONValue { Schema.object([:]) }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let profile = try await profiles.profile(userID: context.userID)
        return ToolOutput(content: ["profile": ProfileJSON.encode(profile), "is_empty": .bool(profile.isEmpty)])
    }
}
