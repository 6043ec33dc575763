import Testing
import Transport

@Suite("Line editing")
struct LineEditorTests {
    func type(_ text: String, into editor: inout LineEditor) {
        for character in text { _ = editor.handle(.character(character)) }
    }

    @Test("arrow keys, Home/End, Delete and VT sequences decode to keys, across chunk boundaries")
    func decodesEscapes() {
        var decoder = KeyDecoder()
        var keys = decoder.feed([0x1B, 0x5B])
        #expect(keys.isEmpty, "an incomplete escape waits for more bytes")
        keys += decoder.feed([0x41, 0x1B, 0x5B, 0x44, 0x1B, 0x4F, 0x48, 0x1B, 0x5B, 0x33, 0x7E, 0x1B, 0x5B, 0x31, 0x3B, 0x35, 0x43])
        #expect(keys == [.up, .left, .home, .delete, .wordRight])
    }

    @Test("UTF-8 text decodes to characters even when split mid-sequence; bad bytes are flagged")
    func decodesText() {
        var decoder = KeyDecoder()
        let euro = Array("€".utf8)
        var keys = decoder.feed([UInt8(ascii: "a"), euro[0]])
        keys += decoder.feed(Array(euro[1...]) + [0xFF, 0x0D, 0x03, 0x04, 0x7F])
        #expect(keys == [.character("a"), .character("€"), .invalid, .enter, .interrupt, .endOfInput, .backspace])
    }

    @Test("editing in the middle of a line: cursor moves, insert, backspace, kill to end")
    func editsInPlace() {
        var editor = LineEditor()
        type("find jobs", into: &editor)
        _ = editor.handle(.home)
        for _ in 0..<4 { _ = editor.handle(.right) }
        type(" remote", into: &editor)
        #expect(editor.line == "find remote jobs")
        _ = editor.handle(.killToEnd)
        _ = editor.handle(.backspace)
        #expect(editor.line == "find remot")
        #expect(editor.handle(.home) == .redraw)
        #expect(editor.handle(.backspace) == .bell)
    }

    @Test("Ctrl-W deletes the previous word and Ctrl-U the whole start of the line")
    func deletesWords() {
        var editor = LineEditor()
        type("add Rust  to", into: &editor)
        _ = editor.handle(.deleteWordBack)
        #expect(editor.line == "add Rust  ")
        _ = editor.handle(.deleteWordBack)
        #expect(editor.line == "add ")
        _ = editor.handle(.killToStart)
        #expect(editor.line.isEmpty)
    }

    @Test("Up and Down browse history and give back the line being written")
    func history() {
        var editor = LineEditor(history: ["first", "second"])
        type("draft", into: &editor)
        _ = editor.handle(.up)
        #expect(editor.line == "second")
        _ = editor.handle(.up)
        #expect(editor.line == "first")
        #expect(editor.handle(.up) == .bell)
        _ = editor.handle(.down)
        _ = editor.handle(.down)
        #expect(editor.line == "draft")
    }

    @Test("Enter submits and remembers the line once; blank lines are not remembered")
    func submits() {
        var editor = LineEditor(historyLimit: 2)
        type("one", into: &editor)
        #expect(editor.handle(.enter) == .submit("one"))
        type("one", into: &editor)
        _ = editor.handle(.enter)
        _ = editor.handle(.enter)
        type("two", into: &editor)
        _ = editor.handle(.enter)
        type("three", into: &editor)
        _ = editor.handle(.enter)
        #expect(editor.history == ["two", "three"])
        #expect(editor.line.isEmpty)
    }

    @Test("Ctrl-C abandons the line, Ctrl-D ends input only on an empty line")
    func interruptAndEnd() {
        var editor = LineEditor()
        type("half", into: &editor)
        #expect(editor.handle(.endOfInput) == .bell, "Ctrl-D at the end of a non-empty line deletes nothing")
        #expect(editor.handle(.interrupt) == .cancelLine)
        #expect(editor.line.isEmpty)
        #expect(editor.handle(.endOfInput) == .endOfInput)
    }

    @Test("an invalid byte marks the line so the reader can refuse it")
    func invalidInput() {
        var editor = LineEditor()
        type("ab", into: &editor)
        _ = editor.handle(.invalid)
        #expect(editor.sawInvalidInput)
        _ = editor.handle(.enter)
        #expect(!editor.sawInvalidInput)
    }
}
