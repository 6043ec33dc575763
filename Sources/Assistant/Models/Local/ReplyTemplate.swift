import Foundation

/// A small Mustache subset for reply templates: `{{name}}`, `{{a.b}}`, `{{.}}`, sections
/// `{{#list}}…{{/list}}` (repeat per item, or once when truthy) and inverted `{{^x}}…{{/x}}`.
/// No HTML escaping: replies are plain text.
package struct ReplyTemplate: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable([String])
        case section(name: [String], inverted: Bool, children: [Node])
    }

    package enum ParseError: Error, CustomStringConvertible {
        case unclosedSection(String)
        case unexpectedClose(String)
        case unterminatedTag

        package var description: String {
            switch self {
            case .unclosedSection(let name): return "section {{#\(name)}} is never closed"
            case .unexpectedClose(let name): return "{{/\(name)}} closes nothing"
            case .unterminatedTag: return "a tag opened with {{ is never closed"
            }
        }
    }

    let nodes: [Node]

    package init(_ source: String) throws {
        var remainder = Substring(source)
        var stack: [(name: String, inverted: Bool, nodes: [Node])] = [("", false, [])]
        while let open = remainder.range(of: "{{") {
            stack[stack.count - 1].nodes.append(.text(String(remainder[..<open.lowerBound])))
            guard let close = remainder[open.upperBound...].range(of: "}}") else { throw ParseError.unterminatedTag }
            let tag = remainder[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            remainder = remainder[close.upperBound...]
            // A section tag alone on its line (only spaces before it, a newline after) leaves no blank line.
            let isSection = tag.first.map { "#^/".contains($0) } ?? false
            if isSection, remainder.first == "\n" {
                let lineStart = source[..<open.lowerBound].lastIndex(of: "\n").map { source.index(after: $0) } ?? source.startIndex
                if source[lineStart..<open.lowerBound].allSatisfy({ $0 == " " || $0 == "\t" }) {
                    remainder = remainder.dropFirst()
                }
            }
            switch tag.first {
            case "#": stack.append((String(tag.dropFirst()), false, []))
            case "^": stack.append((String(tag.dropFirst()), true, []))
            case "/":
                let name = String(tag.dropFirst())
                guard stack.count > 1, let section = stack.popLast(), section.name == name else {
                    throw ParseError.unexpectedClose(name)
                }
                stack[stack.count - 1].nodes.append(
                    .section(name: Self.path(section.name), inverted: section.inverted, children: section.nodes))
            default: stack[stack.count - 1].nodes.append(.variable(Self.path(tag)))
            }
        }
        stack[stack.count - 1].nodes.append(.text(String(remainder)))
        guard stack.count == 1, let root = stack.first else { throw ParseError.unclosedSection(stack.last?.name ?? "") }
        nodes = root.nodes
    }

    package func render(_ value: JSONValue) -> String {
        var output = ""
        render(nodes, contexts: [value], into: &output)
        return output
    }

    private static func path(_ name: String) -> [String] {
        name == "." ? [] : name.split(separator: ".").map(String.init)
    }

    private func render(_ nodes: [Node], contexts: [JSONValue], into output: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .variable(let path):
                guard let value = lookup(path, in: contexts) else { continue }
                switch value {
                case .array(let items): output += items.compactMap(\.stringValue).joined(separator: ", ")
                default: output += value.stringValue ?? ""
                }
            case .section(let path, let inverted, let children):
                let value = lookup(path, in: contexts) ?? .null
                if inverted {
                    if !value.isTruthy { render(children, contexts: contexts, into: &output) }
                } else if case .array(let items) = value {
                    for item in items { render(children, contexts: contexts + [item], into: &output) }
                } else if value.isTruthy, let last = path.last, Int(last) != nil {
                    // `{{#results.0}}` asks "is the list non-empty?". Pushing the first item as a context would
                    // let every later item that lacks a field show the first one's (a salary on a posting without one).
                    render(children, contexts: contexts, into: &output)
                } else if value.isTruthy {
                    render(children, contexts: contexts + [value], into: &output)
                }
            }
        }
    }

    /// Mustache name resolution: the first context (innermost first) that has the first key wins.
    private func lookup(_ path: [String], in contexts: [JSONValue]) -> JSONValue? {
        guard let first = path.first else { return contexts.last }
        for context in contexts.reversed() {
            if var value = context[first] {
                for key in path.dropFirst() {
                    if case .array(let items) = value, let index = Int(key) {
                        guard items.indices.contains(index) else { return nil }
                        value = items[index]
                    } else {
                        guard let next = value[key] else { return nil }
                        value = next
                    }
                }
                return value
            }
        }
        return nil
    }
}
