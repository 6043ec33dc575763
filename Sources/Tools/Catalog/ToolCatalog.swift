import Assistant
import Foundation
import Storage

/// Builds the registry of every tool JobHunter offers, wired to the given stores.
public enum ToolCatalog {
    public static func standard(profiles: any ProfileStore) -> ToolRegistry {
        var registry = ToolRegistry()
        for tool in PlannedTools.all { registry.register(tool) }
        registry.register(GetProfileTool(profiles: profiles))
        registry.register(UpdateProfileTool(profiles: profiles))
        return registry
    }
}
