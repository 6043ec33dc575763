import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing
import Tools

@Suite("Occupations, market insight and career advice")
struct CareerToolsTests {
    /// Loaded once on a thread of its own, so waiting tests do not hold the cooperative pool (see BlockingWork).
    private static let loading = Task { await BlockingWork.run { try? OccupationCatalog.load(dataDirectory: JobsFixtures.data) } }
    static func catalog() async -> OccupationCatalog? { await loading.value }

    @Test(
        "real job titles map to their O*NET-SOC occupation",
        arguments: [
            ("software engineer", "15-1252.00"), ("Senior Software Engineer", "15-1252.00"), ("iOS developer", "15-1252.00"),
            ("registered nurse", "29-1141.00"), ("data scientist", "15-2051.00"), ("accountant", "13-2011.00"),
            ("truck driver", "53-3032.00"), ("web developers", "15-1254.00"), ("product manager", "11-2021.00"),
            ("barista", "35-3023.01"),
        ])
    func mapping(title: String, code: String) async throws {
        let catalog = try #require(await Self.catalog())
        #expect(catalog.map(title)?.occupation.code == code)
    }

    @Test("nonsense and one-word coincidences map to nothing")
    func unknownTitles() async throws {
        let catalog = try #require(await Self.catalog())
        #expect(catalog.map("flibbertigibbet wrangler") == nil)
        #expect(catalog.map("zzzz") == nil)
        #expect(catalog.map("") == nil)
    }

    @Test("wage figures are the BLS file's, top-coding included")
    func wages() async throws {
        let catalog = try #require(await Self.catalog())
        let developers = try #require(catalog.occupation(code: "15-1252.00"))
        let wages = try #require(catalog.wages(for: developers))
        #expect(wages.employment == 1_654_440)
        #expect(wages.median == 133_080)
        #expect(wages.percentiles.map(\.label) == ["10th", "25th", "median", "75th", "90th"])
        #expect(wages.percentiles.last?.value == 211_450)
        let executives = try #require(catalog.map("chief executive"))
        #expect(catalog.wages(for: executives.occupation)?.topCoded.contains("90th") == true)
    }

    func setup(skills: [String]) async throws -> (ToolRegistry, ToolContext, URL) {
        let (database, folder) = try JobsFixtures.database()
        let jobs = SQLiteJobStore(database: database, clock: .fixed(JobsFixtures.now))
        _ = try await jobs.upsert([
            JobsFixtures.posting("Data Scientist", company: "Cobalt", skills: ["Python", "R", "Apache Spark"], salary: 120_000),
            JobsFixtures.posting(
                "Senior Data Scientist", company: "Harbor", location: "Remote", skills: ["R", "SQL"], arrangement: .remote),
        ])
        let profiles = SQLiteProfileStore(database: database)
        let user = try await SQLiteUserStore(database: database).user(named: "c")
        try await profiles.save(UserProfile(skills: skills), userID: user.id)
        let services = try await JobsFixtures.services(database)
        return (ToolCatalog.standard(services), JobsFixtures.context(userID: user.id), folder)
    }

    @Test("market insight shows the BLS percentiles and what the index's postings ask for")
    func market() async throws {
        let (registry, context, folder) = try await setup(skills: [])
        defer { try? FileManager.default.removeItem(at: folder) }

        let output = await registry.run(
            ToolCall(id: "m", name: "market_insights", arguments: #"{"role":"data scientist"}"#), context: context
        ).output

        #expect(output.content["soc"] == "15-2051.00")
        #expect(output.content["wages"]?.arrayValue?[2]["value"] == "$112,590")
        #expect(output.content["employment"] == "233,440")
        #expect(output.content["index"]?["postings"] == "2")
        #expect(output.content["index"]?["remote_share"] == "50%")
        #expect(output.content["index"]?["skills"]?.arrayValue?.first?["name"] == "R")
        #expect(output.content["sources"]?.arrayValue?.count == 3)
    }

    @Test("career advice names the gap against the target's demanded skills and leaves out what the user has")
    func advice() async throws {
        let (registry, context, folder) = try await setup(skills: ["python", "SQL"])
        defer { try? FileManager.default.removeItem(at: folder) }

        let output = await registry.run(
            ToolCall(id: "c", name: "career_advice", arguments: #"{"current_role":"accountant","target_role":"data scientist"}"#),
            context: context
        ).output
        let gap = output.content["skill_gap"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let have = output.content["skills_you_have"]?.arrayValue?.compactMap(\.stringValue) ?? []

        #expect(output.content["target"] == "Data Scientists")
        #expect(have.contains("Python"))
        #expect(!gap.contains("Python") && !gap.contains("SQL"))
        #expect(gap.first == "R", "in demand in O*NET and asked for by both indexed postings")
        #expect(gap.contains("Apache Spark"))
        #expect(output.content["wage_change"]?.stringValue?.hasPrefix("+$30,910") == true, "112,590 − 81,680")
        #expect(output.content["plan"]?.arrayValue?.first?.stringValue?.hasPrefix("1. R: ") == true)
        #expect((output.content["stepping_stones"]?.arrayValue?.count ?? 0) > 0)
        #expect(output.content["apply_now"]?.arrayValue?.count == 2)
    }

    @Test("unknown roles, a missing target and an empty profile get guidance, not errors")
    func guidance() async throws {
        let (registry, context, folder) = try await setup(skills: [])
        defer { try? FileManager.default.removeItem(at: folder) }
        func run(_ tool: String, _ arguments: String) async -> ToolOutput {
            await registry.run(ToolCall(id: "g", name: tool, arguments: arguments), context: context).output
        }
        #expect(await run("market_insights", #"{"role":"flibbertigibbet wrangler"}"#).content["unknown_role"] != nil)
        #expect(await run("market_insights", "{}").content["needs_role"] == true)
        #expect(await run("career_advice", "{}").content["needs_target"] == true)
        #expect(await run("career_advice", #"{"target_role":"qwzx"}"#).content["unknown_role"] != nil)
        #expect(await run("career_advice", #"{"target_role":"data scientist"}"#).content["no_profile_skills"] != nil)
    }
}
