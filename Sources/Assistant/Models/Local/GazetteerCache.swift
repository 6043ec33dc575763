import Foundation

/// A built `Gazetteer` saved as a flat file, so only the first start after installing or changing
/// `data/` pays for tokenising ~170,000 phrases. The file is named for a fingerprint of the inputs
/// (names, sizes, modification times, loader version); a stale or damaged cache is simply rebuilt.
package struct GazetteerCache: Sendable {
    package let directory: URL

    /// Bump when the loader's rules change, so old caches are ignored.
    static let formatVersion = 6

    package init(directory: URL) {
        self.directory = directory
    }

    package func load(dataDirectory: URL) throws -> Gazetteer {
        let file = directory.appendingPathComponent("gazetteer-\(fingerprint(dataDirectory)).tsv")
        if let cached = read(file) { return cached }
        let built = try GazetteerLoader.load(dataDirectory: dataDirectory)
        write(built, to: file)
        return built
    }

    func fingerprint(_ dataDirectory: URL) -> String {
        var hasher = FNV1a()
        hasher.add("v\(Self.formatVersion)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.path))?.sorted() ?? []
        for name in names where name.hasSuffix(".tsv") {
            let attributes = try? FileManager.default.attributesOfItem(atPath: dataDirectory.appendingPathComponent(name).path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            hasher.add("\(name):\(size):\(modified)")
        }
        return String(hasher.value, radix: 16)
    }

    private func read(_ file: URL) -> Gazetteer? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        var titles: [String: String] = [:]
        var places: [String: Gazetteer.Place] = [:]
        var skills: [String: String] = [:]
        var tools: [String: String] = [:]
        var certifications: [String: String] = [:]
        var languages: [String: String] = [:]
        titles.reserveCapacity(100_000)
        var sawEnd = false
        var damaged = false
        TSVReader.forEachRow(in: data, skipHeader: false) { fields in
            switch (fields.first, fields.count) {
            case ("T", 3): titles[fields[1]] = fields[2]
            case ("S", 3): skills[fields[1]] = fields[2]
            case ("O", 3): tools[fields[1]] = fields[2]
            case ("C", 3): certifications[fields[1]] = fields[2]
            case ("L", 3): languages[fields[1]] = fields[2]
            case ("P", 6):
                guard let population = Int(fields[4]) else {
                    damaged = true
                    return false
                }
                places[fields[1]] = Gazetteer.Place(
                    name: fields[2], countryCode: fields[3], population: population,
                    isCountry: fields[5] == "1")
            case ("END", 1): sawEnd = true
            default:
                damaged = true
                return false
            }
            return true
        }
        guard !damaged else { return nil }
        // A file cut short by a crash has no END line and is rebuilt.
        guard sawEnd else { return nil }
        return Gazetteer(
            titles: titles, places: places, skills: skills, tools: tools, certifications: certifications,
            languages: languages)
    }

    private func write(_ gazetteer: Gazetteer, to file: URL) {
        var text = ""
        text.reserveCapacity(6_000_000)
        for (key, value) in gazetteer.titles { text += "T\t\(key)\t\(value)\n" }
        for (key, value) in gazetteer.skills { text += "S\t\(key)\t\(value)\n" }
        for (key, value) in gazetteer.tools { text += "O\t\(key)\t\(value)\n" }
        for (key, value) in gazetteer.certifications { text += "C\t\(key)\t\(value)\n" }
        for (key, value) in gazetteer.languages { text += "L\t\(key)\t\(value)\n" }
        for (key, place) in gazetteer.places {
            text += "P\t\(key)\t\(place.name)\t\(place.countryCode)\t\(place.population)\t\(place.isCountry ? 1 : 0)\n"
        }
        text += "END\n"
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: file, options: .atomic)
    }
}

/// 64-bit FNV-1a: a stable hash for cache file names (Swift's Hasher is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }
}
