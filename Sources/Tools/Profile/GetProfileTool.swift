import Assistant
import Foundation
import Storage

/// Shows what the profile holds.
public struct GetProfileTool: Tool {
    let profiles: any ProfileStore

    public init(profiles: any ProfileStore) {
        self.profiles = profiles
    }

    public let name = "get_profile"
    public let description = """
        Returns the user's profile: name, headline, target roles, locations, remote preference, salary floor, \
        skills and years of experience. Call it before personalising an answer.
        """
    public var parameters: JSONValue { Schema.object([:]) }

    public func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let profile = try await profiles.profile(userID: context.userID)
        return ToolOutput(content: ["profile": ProfileJSON.encode(profile), "is_empty": .bool(profile.isEmpty)])
    }
}
