import Foundation

/// Colours for a terminal that wants them: only when output is a TTY and NO_COLOR is unset or empty
/// (https://no-color.org).
package struct TerminalStyle: Sendable {
    package let usesColor: Bool

    package init(usesColor: Bool) {
        self.usesColor = usesColor
    }

    package static func detect(environment: [String: String], outputIsTerminal: Bool) -> TerminalStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(usesColor: outputIsTerminal && !noColor && environment["TERM"] != "dumb")
    }

    package func dim(_ text: String) -> String { wrap(text, "2") }
    package func bold(_ text: String) -> String { wrap(text, "1") }
    package func red(_ text: String) -> String { wrap(text, "31") }
    package func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
