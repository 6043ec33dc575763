import Foundation

/// Finds the folder holding `prompts/` and `data/`: an explicit option, `JOBHUNTER_RESOURCES`,
/// the checkout the binary was built in, or a system install location.
enum ResourceLocator {
    struct NotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "cannot find JobHunter's prompts/ and data/ folders (looked in \(searched.joined(separator: ", "))); pass --resources DIR or set JOBHUNTER_RESOURCES"
        }
    }

    static func locate(explicit: String?) throws -> URL {
        var candidates: [URL] = []
        if let explicit { candidates.append(URL(fileURLWithPath: explicit)) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["JOBHUNTER_RESOURCES"], !fromEnvironment.isEmpty {
            candidates.append(URL(fileURLWithPath: fromEnvironment))
        }
        // A binary in <checkout>/.build/<triple>/debug/ finds the checkout by walking up.
        let executable = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
        ).standardizedFileURL
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/usr/local/share/jobhunter"))
        candidates.append(URL(fileURLWithPath: "/usr/share/jobhunter"))
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for candidate in candidates where isResourceRoot(candidate) { return candidate }
        throw NotFound(
            searched: Array(Set(candidates.prefix(2).map(\.path))) + ["the build folder's parents", "/usr/local/share/jobhunter"])
    }

    private static func isResourceRoot(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent("prompts/intents").path)
            && manager.fileExists(atPath: url.appendingPathComponent("data/onet_occupations.tsv").path)
    }
}
