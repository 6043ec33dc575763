import Assistant
import Foundation

/// Where the database lives: `--db`, else `$XDG_DATA_HOME/jobhunter/jobhunter.sqlite`,
/// else `~/.local/share/jobhunter/jobhunter.sqlite`. Only the default folder is created automatically;
/// a folder named with --db must exist, so a typo does not scatter databases around.
enum DatabaseLocation {
    static func resolve(explicit: String?, environment: [String: String]) throws -> String {
        if let explicit {
            return URL(fileURLWithPath: (explicit as NSString).expandingTildeInPath).path
        }
        let base: URL
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            base = home.appendingPathComponent(".local/share")
        }
        let folder = base.appendingPathComponent("jobhunter")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("jobhunter.sqlite").path
    }
}

/// Where per-machine state that is not data lives: `$XDG_STATE_HOME/jobhunter`, else `~/.local/state/jobhunter`.
enum StateLocation {
    /// The REPL's line history; nil (no history kept) if the folder cannot be created.
    static func historyFile(environment: [String: String]) -> URL? {
        let base: URL
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else if let home = environment["HOME"] {
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/state")
        } else {
            return nil
        }
        let folder = base.appendingPathComponent("jobhunter")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else {
            return nil
        }
        return folder.appendingPathComponent("history")
    }
}

/// Rebuildable files: `$XDG_CACHE_HOME/jobhunter`, else `~/.cache/jobhunter`.
enum CacheLocation {
    static func gazetteerCache(environment: [String: String]) -> GazetteerCache? {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else if let home = environment["HOME"] {
            base = URL(fileURLWithPath: home).appendingPathComponent(".cache")
        } else {
            return nil
        }
        return GazetteerCache(directory: base.appendingPathComponent("jobhunter"))
    }
}
