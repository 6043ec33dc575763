import Assistant
import Testing

@testable import Transport

@Suite("REST mirrors")
struct RESTRouteTests {
    @Test("a GET query becomes typed tool arguments, decoding + and percent escapes")
    func queryArguments() throws {
        let route = try #require(RESTRoute.find(method: "GET", path: "/analytics/job-market"))
        let arguments = try route.arguments(body: "", query: "role=data+scientist&location=S%C3%A3o%20Paulo&limit=5&remote=true&zip=+123")
        #expect(arguments["role"] == "data scientist")
        #expect(arguments["location"] == "São Paulo")
        #expect(arguments["limit"] == .number(5))
        #expect(arguments["remote"] == .bool(true))
        #expect(arguments["zip"] == " 123", "a leading + is a space, not a sign")
    }

    @Test("a POST body must be a JSON object; empty means no arguments")
    func bodyArguments() throws {
        let route = try #require(RESTRoute.find(method: "POST", path: "/jobs/search"))
        #expect(try route.arguments(body: " ", query: nil) == .object([:]))
        #expect(try route.arguments(body: #"{"query": "swift"}"#, query: nil)["query"] == "swift")
        #expect(throws: RESTRoute.ArgumentError.notAnObject) { try route.arguments(body: "[1]", query: nil) }
        #expect(throws: RESTRoute.ArgumentError.invalidJSON) { try route.arguments(body: "{\"query\":", query: nil) }
    }

    @Test("every seed endpoint is routed, and only with its own methods")
    func table() {
        #expect(RESTRoute.find(method: "PUT", path: "/profile")?.tool == "update_profile")
        #expect(RESTRoute.find(method: "DELETE", path: "/profile") == nil)
        #expect(RESTRoute.find(method: "GET", path: "/jobs/search") == nil)
        #expect(RESTRoute.knows(path: "/jobs/search"))
        #expect(Set(RESTRoute.all.map(\.path)).count == 9)
    }
}
