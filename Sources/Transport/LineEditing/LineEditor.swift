import Foundation

/// The editing state of one prompt line plus the history, as a value type: keys in, actions out.
/// The terminal reader owns the I/O; this owns nothing but the text.
package struct LineEditor: Sendable {
    package enum Action: Equatable, Sendable {
        /// The line changed; redraw it.
        case redraw
        case submit(String)
        /// Ctrl-C: the line was abandoned.
        case cancelLine
        /// Ctrl-D on an empty line.
        case endOfInput
        case clearScreen
        /// Nothing to do (e.g. backspace at the start of the line).
        case bell
    }

    package private(set) var text: [Character] = []
    /// Cursor position in characters, 0...text.count.
    package private(set) var cursor = 0
    package private(set) var history: [String]
    package let historyLimit: Int
    /// Position while browsing history; history.count means "the line being written".
    private var historyPosition: Int
    private var draft: [Character] = []
    /// True once an invalid byte sequence was typed or pasted into this line.
    package private(set) var sawInvalidInput = false

    package init(history: [String] = [], historyLimit: Int = 500) {
        self.history = Array(history.suffix(historyLimit))
        self.historyLimit = historyLimit
        historyPosition = self.history.count
    }

    package var line: String { String(text) }

    package mutating func handle(_ key: Key) -> Action {
        switch key {
        case .character(let character):
            text.insert(character, at: cursor)
            cursor += 1
            return .redraw
        case .enter:
            let submitted = line
            remember(submitted)
            text = []
            cursor = 0
            sawInvalidInput = false
            return .submit(submitted)
        case .backspace:
            guard cursor > 0 else { return .bell }
            cursor -= 1
            text.remove(at: cursor)
            return .redraw
        case .delete:
            guard cursor < text.count else { return .bell }
            text.remove(at: cursor)
            return .redraw
        case .endOfInput:
            if text.isEmpty { return .endOfInput }
            return handle(.delete)
        case .left:
            guard cursor > 0 else { return .bell }
            cursor -= 1
            return .redraw
        case .right:
            guard cursor < text.count else { return .bell }
            cursor += 1
            return .redraw
        case .home:
            cursor = 0
            return .redraw
        case .end:
            cursor = text.count
            return .redraw
        case .wordLeft:
            cursor = previousWordStart()
            return .redraw
        case .wordRight:
            while cursor < text.count, text[cursor].isWhitespace { cursor += 1 }
            while cursor < text.count, !text[cursor].isWhitespace { cursor += 1 }
            return .redraw
        case .killToStart:
            text.removeSubrange(0..<cursor)
            cursor = 0
            return .redraw
        case .killToEnd:
            text.removeSubrange(cursor..<text.count)
            return .redraw
        case .deleteWordBack:
            let start = previousWordStart()
            guard start < cursor else { return .bell }
            text.removeSubrange(start..<cursor)
            cursor = start
            return .redraw
        case .up:
            return browseHistory(by: -1)
        case .down:
            return browseHistory(by: 1)
        case .interrupt:
            text = []
            cursor = 0
            historyPosition = history.count
            sawInvalidInput = false
            return .cancelLine
        case .clearScreen:
            return .clearScreen
        case .invalid:
            sawInvalidInput = true
            return .bell
        case .ignored:
            return .bell
        }
    }

    /// Adds a line to the history (not blank, not a repeat of the last one) and resets browsing.
    package mutating func remember(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, history.last != entry {
            history.append(entry)
            if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        }
        historyPosition = history.count
        draft = []
    }

    private mutating func browseHistory(by step: Int) -> Action {
        let target = historyPosition + step
        guard target >= 0, target <= history.count else { return .bell }
        if historyPosition == history.count { draft = text }
        historyPosition = target
        text = target == history.count ? draft : Array(history[target])
        cursor = text.count
        return .redraw
    }

    private func previousWordStart() -> Int {
        var index = cursor
        while index > 0, text[index - 1].isWhitespace { index -= 1 }
        while index > 0, !text[index - 1].isWhitespace { index -= 1 }
        return index
    }
}
