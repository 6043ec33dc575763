import Foundation

/// The trained intent classifier and slot tagger saved as files, so only the first start after a
/// change pays for training (0.6 s in a release build, several seconds in a debug one, far more
/// when many processes start at once). A file is used only when its name matches a fingerprint of
/// everything training reads (the labelled examples, the reference data and the program itself),
/// so a changed example, data file or feature rule retrains; a damaged file is retrained too.
package struct TrainedModelCache: Sendable {
    package let directory: URL
    /// The running program's identity, so a rebuilt binary never trusts weights computed by different feature code.
    let programIdentity: String

    package init(directory: URL, programIdentity: String = TrainedModelCache.currentProgramIdentity()) {
        self.directory = directory
        self.programIdentity = programIdentity
    }

    package static func currentProgramIdentity() -> String {
        guard let path = Bundle.main.executablePath,
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        else { return "unknown" }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path):\(size):\(modified)"
    }

    /// Loads the snapshot saved under `name` for `fingerprint`, or trains, saves and returns a new one.
    func model<Model>(
        _ name: String, fingerprint: String, restore: (LinearModelSnapshot) -> Model?,
        train: () -> (model: Model, snapshot: LinearModelSnapshot)
    ) -> Model {
        var hasher = FNV1a()
        hasher.add(programIdentity)
        hasher.add(fingerprint)
        let file = directory.appendingPathComponent("\(name)-\(String(hasher.value, radix: 16)).bin")
        if let data = FileManager.default.contents(atPath: file.path), let snapshot = LinearModelSnapshot(decoding: data),
            let model = restore(snapshot)
        {
            return model
        }
        let trained = train()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? trained.snapshot.encoded().write(to: file, options: .atomic)
        removeOldFiles(named: name, keeping: 4)
        return trained.model
    }

    /// Every rebuild of the program writes new files; the oldest go, so the folder stays small while a
    /// debug and a release build can still keep theirs side by side.
    private func removeOldFiles(named name: String, keeping count: Int) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return }
        let files = names.filter { $0.hasPrefix(name + "-") && $0.hasSuffix(".bin") }.map {
            let url = directory.appendingPathComponent($0)
            let modified = (try? manager.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
            return (url: url, modified: modified)
        }
        for old in files.sorted(by: { $0.modified > $1.modified }).dropFirst(count) {
            try? manager.removeItem(at: old.url)
        }
    }
}
