import Assistant
import Foundation

/// The repository's real prompts/ and data/, loaded once for all local-model tests.
enum LocalResources {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Loaded once, on a thread of its own: building the gazetteers takes seconds in a debug build, and a
    /// `static let` would hold a cooperative-pool thread in every test waiting for it, stalling unrelated suites.
    private static let loading = Task { await BlockingWork.run { try? LocalModelResources.load(root: root) } }
    private static let training = Task { () -> LocalChatModel? in
        guard let resources = await loading.value else { return nil }
        return await BlockingWork.run { LocalChatModel(resources: resources) }
    }

    static func resources() async -> LocalModelResources? { await loading.value }

    static func model() async -> LocalChatModel? { await training.value }

    struct HeldOutExample {
        var intent: String
        var text: String
        var interview: Bool
    }

    static func heldOut() throws -> [HeldOutExample] {
        let url = root.appendingPathComponent("Tests/AssistantTests/Fixtures/heldout_intents.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { return nil }
            let interview = fields[0].hasPrefix("interview:")
            return HeldOutExample(
                intent: interview ? String(fields[0].dropFirst("interview:".count)) : fields[0], text: fields[1],
                interview: interview)
        }
    }
}
