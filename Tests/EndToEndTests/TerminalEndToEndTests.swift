import Foundation
import Testing

@Suite("jobhunter chat on a terminal, end to end", .serialized)
struct TerminalEndToEndTests {
    @Test("a terminal session edits lines, recalls history, clears with Ctrl-C and exits on Ctrl-D")
    func terminalSession() async throws {
        try await offPool {
            let scratch = try ScratchFolder()
            let state = scratch.url.appendingPathComponent("state").path
            let terminal = try PseudoTerminal(
                ["chat", "--user", "tty", "--db", scratch.database], environment: ["XDG_STATE_HOME": state])

            try terminal.expect("you› ")
            terminal.send("add Rust to my skils\r")
            try terminal.expect("added skills: Rust")
            try terminal.expect("you› ")

            // Up recalls the line; Ctrl-U clears it; a new command runs.
            terminal.send("\u{1B}[A")
            try terminal.expect("add Rust to my skils")
            terminal.send("\u{15}/profile\r")
            try terminal.expect("- Skills: Rust")
            try terminal.expect("you› ")

            // Left-arrow editing: "add Go to my skills" typed with "Go" inserted after the fact.
            terminal.send("add  to my skills" + String(repeating: "\u{1B}[D", count: 13))
            terminal.send("Go\r")
            try terminal.expect("added skills: Go\r")
            try terminal.expect("you› ")

            terminal.send("half a thought\u{3}")
            try terminal.expect("^C")
            terminal.send("\u{4}")

            #expect(terminal.waitForExit() == 0)
            let history = try String(contentsOfFile: state + "/jobhunter/history", encoding: .utf8)
            #expect(history == "add Rust to my skils\n/profile\nadd Go to my skills\n")
            let permissions = try FileManager.default.attributesOfItem(atPath: state + "/jobhunter/history")[.posixPermissions] as? Int
            #expect(permissions == 0o600)
        }
    }
}
