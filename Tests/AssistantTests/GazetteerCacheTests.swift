import Assistant
import Foundation
import Testing

@Suite("Gazetteer cache")
struct GazetteerCacheTests {
    let data = LocalResources.root.appendingPathComponent("data")

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jh-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a gazetteer read back from the cache equals the one built from data/")
    func roundTrip() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = GazetteerCache(directory: folder)

        let built = try cache.load(dataDirectory: data)
        let cached = try cache.load(dataDirectory: data)

        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        #expect(cached.titles == built.titles)
        #expect(cached.skills == built.skills)
        #expect(cached.places == built.places)
        #expect(cached.maxTitleWords == built.maxTitleWords)
    }

    @Test("a damaged or truncated cache file is ignored and rebuilt")
    func damagedCache() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = GazetteerCache(directory: folder)
        let reference = try cache.load(dataDirectory: data)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let path = folder.appendingPathComponent(file).path
        let full = try #require(FileManager.default.contents(atPath: path))

        try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(try cache.load(dataDirectory: data).places == reference.places)

        try Data("T\tonly two".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try cache.load(dataDirectory: data).titles == reference.titles)
    }
}
