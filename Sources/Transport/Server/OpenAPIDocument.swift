import Assistant
import Foundation

/// The OpenAPI 3.1 description of every endpoint, built from the route table and the tools' own argument
/// schemas so it cannot drift from what the server accepts; /docs renders it as HTML.
enum OpenAPIDocument {
    static func make(tools: [ToolSchema]) -> JSONValue {
        let schemas = Dictionary(tools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var paths: [String: [String: JSONValue]] = [:]
        let error: JSONValue = ["description": "JSON `{\"error\": …}`"]
        let json: (JSONValue) -> JSONValue = { schema in ["content": ["application/json": ["schema": schema]]] }
        let credentials: JSONValue = [
            "type": "object", "required": ["username", "password"],
            "properties": [
                "username": ["type": "string", "minLength": 1, "maxLength": 64],
                "password": ["type": "string", "minLength": 8, "maxLength": 256],
            ],
        ]
        paths["/health"] = [
            "get": ["summary": "Liveness, version, uptime and database status", "responses": ["200": ["description": "ok"], "503": error]]
        ]
        paths["/auth/register"] = [
            "post": [
                "summary": "Create an account", "requestBody": json(credentials),
                "responses": ["201": ["description": "created"], "400": error, "409": error],
            ]
        ]
        paths["/auth/login"] = [
            "post": [
                "summary": "Log in; returns a bearer token (JWT HS256)", "requestBody": json(credentials),
                "responses": ["200": ["description": "`{\"token\": …, \"expires_in\": …}`"], "400": error, "401": error, "429": error],
            ]
        ]
        paths["/ws"] = [
            "get": [
                "summary": "WebSocket chat (RFC 6455); see the README for the message protocol", "security": [["bearer": []]],
                "responses": ["101": ["description": "switching protocols"], "400": error, "401": error, "426": error],
            ]
        ]
        paths["/metrics"] = ["get": ["summary": "Prometheus metrics", "responses": ["200": ["description": "text/plain"]]]]
        paths["/openapi.json"] = ["get": ["summary": "This document", "responses": ["200": ["description": "OpenAPI 3.1"]]]]
        paths["/docs"] = ["get": ["summary": "This document as HTML", "responses": ["200": ["description": "text/html"]]]]
        paths["/"] = ["get": ["summary": "The web chat page", "responses": ["200": ["description": "text/html"]]]]
        for route in RESTRoute.all {
            let tool = schemas[route.tool]
            var operation: [String: JSONValue] = [
                "summary": .string(route.summary), "description": .string(tool?.description ?? "Not available in this build (501)."),
                "operationId": .string(route.method.lowercased() + "_" + route.tool), "security": [["bearer": []]],
                "responses": [
                    "200": ["description": "the tool's JSON result"], "400": error, "401": error,
                    "422": ["description": "the tool refused the arguments: `{\"error\": …, \"error_code\": …}`"], "501": error,
                ],
            ]
            let parameters = tool?.parameters ?? ["type": "object"]
            if route.method == "GET" {
                let properties =
                    parameters["properties"].flatMap { value -> [String: JSONValue]? in
                        if case .object(let fields) = value { return fields }
                        return nil
                    } ?? [:]
                operation["parameters"] = .array(
                    properties.keys.sorted().map { name in
                        ["name": .string(name), "in": "query", "required": false, "schema": properties[name] ?? ["type": "string"]]
                    })
            } else {
                operation["requestBody"] = json(parameters)
            }
            paths[route.path, default: [:]][route.method.lowercased()] = .object(operation)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "JobHunter", "version": .string(JobHunterVersion.current),
                "description": "Job search, resumes, cover letters, interviews and career advice.",
            ],
            "components": ["securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]]],
            "paths": .object(paths.mapValues { .object($0) }),
        ]
    }

    /// A readable page: one section per path and method, with the request schema pretty-printed.
    static func html(_ document: JSONValue) -> String {
        var sections = ""
        if case .object(let paths) = document["paths"] ?? .null {
            for path in paths.keys.sorted() {
                guard case .object(let operations) = paths[path] ?? .null else { continue }
                for method in operations.keys.sorted() {
                    let operation = operations[method] ?? .null
                    let secured = operation["security"] != nil ? " <span class=lock>bearer token</span>" : ""
                    sections += "<section><h2><code>\(method.uppercased()) \(escape(path))</code>\(secured)</h2>"
                    sections += "<p><b>\(escape(operation["summary"]?.stringValue ?? ""))</b></p>"
                    if let description = operation["description"]?.stringValue { sections += "<p>\(escape(description))</p>" }
                    if let body = operation["requestBody"]?["content"]?["application/json"]?["schema"] {
                        sections += "<h3>Request body</h3><pre>\(escape(pretty(body)))</pre>"
                    }
                    if let parameters = operation["parameters"]?.arrayValue, !parameters.isEmpty {
                        sections +=
                            "<h3>Query</h3><ul>"
                            + parameters.map { "<li><code>\(escape($0["name"]?.stringValue ?? ""))</code></li>" }.joined() + "</ul>"
                    }
                    if case .object(let responses) = operation["responses"] ?? .null {
                        sections +=
                            "<h3>Responses</h3><ul>"
                            + responses.keys.sorted().map {
                                "<li><code>\($0)</code> \(escape(responses[$0]?["description"]?.stringValue ?? ""))</li>"
                            }.joined() + "</ul>"
                    }
                    sections += "</section>\n"
                }
            }
        }
        return """
            <!doctype html><html lang=en><head><meta charset=utf-8><title>JobHunter API</title>
            <style>body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
            section{border-top:1px solid #ddd;padding:.5em 0}pre{background:#f6f6f6;padding:.75em;overflow:auto}
            .lock{font-size:.7em;background:#eef;padding:.1em .4em;border-radius:4px;margin-left:.5em}</style></head>
            <body><h1>JobHunter API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Log in at
            <code>POST /auth/login</code> and send <code>Authorization: Bearer &lt;token&gt;</code>.</p>
            \(sections)</body></html>
            """
    }

    private static func pretty(_ value: JSONValue) -> String {
        guard let data = try? JSONEncoder.prettySorted.encode(value) else { return value.jsonText }
        return String(decoding: data, as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension JSONEncoder {
    fileprivate static var prettySorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
