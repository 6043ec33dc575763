import Assistant
import Testing

@Suite("Reply templates")
struct ReplyTemplateTests {
    @Test("variables, nested paths, lists and inverted sections render")
    func renders() throws {
        let template = try ReplyTemplate("Hi {{profile.name}}!{{#skills.0}} Skills: {{skills}}.{{/skills.0}}{{^jobs}} No jobs.{{/jobs}}")

        let text = template.render(["profile": ["name": "Ada"], "skills": ["Rust", "Go"], "jobs": []])

        #expect(text == "Hi Ada! Skills: Rust, Go. No jobs.")
    }

    @Test("a section over a list repeats with each item as the context")
    func iterates() throws {
        let template = try ReplyTemplate("{{#jobs}}{{n}}. {{title}}\n{{/jobs}}")

        let text = template.render(["jobs": [["n": 1, "title": "iOS Engineer"], ["n": 2, "title": "SRE"]]])

        #expect(text == "1. iOS Engineer\n2. SRE\n")
    }

    @Test("inside a non-empty check, an item without a field never shows the first item's")
    func nonEmptyCheckDoesNotLeakTheFirstItem() throws {
        let template = try ReplyTemplate("{{#jobs.0}}{{#jobs}}{{title}}{{#salary}} · {{salary}}{{/salary}}\n{{/jobs}}{{/jobs.0}}")

        let text = template.render(["jobs": [["title": "Chef", "salary": "75k"], ["title": "Server"]]])

        #expect(text == "Chef · 75k\nServer\n")
    }

    @Test("broken templates are rejected with the reason")
    func rejectsBrokenTemplates() {
        #expect(throws: ReplyTemplate.ParseError.self) { try ReplyTemplate("{{#a}} never closed") }
        #expect(throws: ReplyTemplate.ParseError.self) { try ReplyTemplate("{{/a}}") }
        #expect(throws: ReplyTemplate.ParseError.self) { try ReplyTemplate("{{unterminated") }
    }
}

@Suite("Reply templates, line handling")
struct ReplyTemplateLineTests {
    @Test("a section tag alone on its line leaves no blank line; one inside a line keeps the newline after it")
    func standaloneTags() throws {
        let template = try ReplyTemplate("{{#items}}\n- {{name}}{{#note}} ({{note}}){{/note}}\n{{/items}}\nend")
        let text = template.render(["items": [["name": "a", "note": "x"], ["name": "b"]]])
        #expect(text == "- a (x)\n- b\nend")
    }
}
