import Foundation

/// Everything the offline model reads from disk: labelled examples (`prompts/intents/*.txt`),
/// reply templates (`prompts/replies/*.md`) and gazetteers built from `data/`.
package struct LocalModelResources: Sendable {
    package var examples: [(intent: String, text: String)]
    package var templates: [String: ReplyTemplate]
    package var gazetteer: Gazetteer
    /// Hand-labelled profile statements for the slot tagger (`prompts/slots/*.txt`).
    package var slotExamples: [AnnotatedSentence]
    /// Intent examples with placeholders (`prompts/intent_templates/*.txt`), filled from the gazetteers.
    package var intentTemplates: [(intent: String, text: String)]
    /// Names the reference data these resources were read from (its files' names, sizes and dates), so a
    /// saved trained model can tell whether it is current; nil for resources built in memory.
    package var dataFingerprint: String?

    package enum LoadError: Error, CustomStringConvertible {
        case missingDirectory(String)
        case badTemplate(file: String, reason: String)
        case badSlotExample(file: String, line: Int, reason: String)

        package var description: String {
            switch self {
            case .missingDirectory(let path):
                return "the folder \(path) is missing; run from the repository or pass --resources DIR"
            case .badTemplate(let file, let reason): return "reply template \(file) is broken: \(reason)"
            case .badSlotExample(let file, let line, let reason): return "\(file) line \(line): \(reason)"
            }
        }
    }

    package init(
        examples: [(intent: String, text: String)], templates: [String: ReplyTemplate], gazetteer: Gazetteer,
        slotExamples: [AnnotatedSentence] = [], intentTemplates: [(intent: String, text: String)] = []
    ) {
        self.intentTemplates = intentTemplates
        self.examples = examples
        self.templates = templates
        self.gazetteer = gazetteer
        self.slotExamples = slotExamples
    }

    /// Loads from a resource root that contains `prompts/` and `data/`. With a cache, the gazetteer
    /// is read from (or saved to) it instead of being rebuilt from the reference data.
    package static func load(root: URL, cache: GazetteerCache? = nil) throws -> LocalModelResources {
        let prompts = root.appendingPathComponent("prompts")
        let data = root.appendingPathComponent("data")
        var resources = LocalModelResources(
            examples: try loadExamples(prompts.appendingPathComponent("intents")),
            templates: try loadTemplates(prompts.appendingPathComponent("replies")),
            gazetteer: try cache?.load(dataDirectory: data) ?? GazetteerLoader.load(dataDirectory: data),
            slotExamples: try loadSlotExamples(prompts.appendingPathComponent("slots")),
            intentTemplates: (try? loadExamples(prompts.appendingPathComponent("intent_templates"))) ?? [])
        resources.dataFingerprint = GazetteerCache(directory: root).fingerprint(data)
        return resources
    }

    /// Everything training reads, hashed; nil when the reference data has no fingerprint.
    var trainingFingerprint: String? {
        guard let dataFingerprint else { return nil }
        var hasher = FNV1a()
        hasher.add(dataFingerprint)
        for example in examples + intentTemplates { hasher.add("\(example.intent)\t\(example.text)\n") }
        for sentence in slotExamples { hasher.add(String(describing: sentence) + "\n") }
        return String(hasher.value, radix: 16)
    }

    /// One `[text](label)` sentence per line; `#` starts a comment line.
    package static func loadSlotExamples(_ directory: URL) throws -> [AnnotatedSentence] {
        try files(in: directory, withExtension: "txt").flatMap { file -> [AnnotatedSentence] in
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            return try lines.enumerated().compactMap { number, line -> AnnotatedSentence? in
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
                do {
                    return try AnnotatedSentence(parsing: text)
                } catch {
                    throw LoadError.badSlotExample(file: file.lastPathComponent, line: number + 1, reason: "\(error)")
                }
            }
        }
    }

    /// One example per line; the file name is the intent; `#` starts a comment line.
    package static func loadExamples(_ directory: URL) throws -> [(intent: String, text: String)] {
        try files(in: directory, withExtension: "txt").flatMap { file -> [(intent: String, text: String)] in
            let intent = file.deletingPathExtension().lastPathComponent
            let text = try String(contentsOf: file, encoding: .utf8)
            return text.split(separator: "\n").compactMap { line in
                let example = line.trimmingCharacters(in: .whitespaces)
                return example.isEmpty || example.hasPrefix("#") ? nil : (intent, example)
            }
        }
    }

    package static func loadTemplates(_ directory: URL) throws -> [String: ReplyTemplate] {
        var templates: [String: ReplyTemplate] = [:]
        for file in try files(in: directory, withExtension: "md") {
            let source = try String(contentsOf: file, encoding: .utf8)
            do {
                templates[file.deletingPathExtension().lastPathComponent] = try ReplyTemplate(source)
            } catch {
                throw LoadError.badTemplate(file: file.lastPathComponent, reason: "\(error)")
            }
        }
        return templates
    }

    private static func files(in directory: URL, withExtension pathExtension: String) throws -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw LoadError.missingDirectory(directory.path)
        }
        return names.filter { $0.hasSuffix("." + pathExtension) }.sorted().map { directory.appendingPathComponent($0) }
    }
}
