import Assistant
import Foundation

/// The XDG base directories (https://specifications.freedesktop.org/basedir-spec/): the variable when
/// it holds an absolute path, else the default under $HOME.
enum XDGDirectory {
    case data, state, cache

    private var variable: String {
        switch self {
        case .data: return "XDG_DATA_HOME"
        case .state: return "XDG_STATE_HOME"
        case .cache: return "XDG_CACHE_HOME"
        }
    }

    private var fallback: String {
        switch self {
        case .data: return ".local/share"
        case .state: return ".local/state"
        case .cache: return ".cache"
        }
    }

    /// `<base>/jobhunter`, or nil when neither the variable nor HOME is usable.
    func jobhunterFolder(environment: [String: String]) -> URL? {
        if let value = environment[variable], value.hasPrefix("/") {
            return URL(fileURLWithPath: value).appendingPathComponent("jobhunter")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(fallback).appendingPathComponent("jobhunter")
    }
}

/// Where the database lives: `--db`, else `$XDG_DATA_HOME/jobhunter/jobhunter.sqlite`.
/// Only the default folder is created automatically; a folder named with --db must exist, so a typo
/// does not scatter databases around.
enum DatabaseLocation {
    struct NoHome: Error, CustomStringConvertible {
        var description: String { "neither XDG_DATA_HOME nor HOME is set; pass --db PATH" }
    }

    static func resolve(explicit: String?, environment: [String: String]) throws -> String {
        if let explicit {
            return URL(fileURLWithPath: (explicit as NSString).expandingTildeInPath).path
        }
        guard let folder = XDGDirectory.data.jobhunterFolder(environment: environment) else { throw NoHome() }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("jobhunter.sqlite").path
    }
}

enum StateLocation {
    /// The REPL's line history; nil (no history kept) if its folder cannot be created.
    static func historyFile(environment: [String: String]) -> URL? {
        guard let folder = XDGDirectory.state.jobhunterFolder(environment: environment),
            (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil
        else { return nil }
        return folder.appendingPathComponent("history")
    }
}

enum CacheLocation {
    static func gazetteerCache(environment: [String: String]) -> GazetteerCache? {
        XDGDirectory.cache.jobhunterFolder(environment: environment).map(GazetteerCache.init(directory:))
    }
}
