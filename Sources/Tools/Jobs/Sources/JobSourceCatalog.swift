import Assistant
import Foundation

/// Every board JobHunter can refresh from, configured from the environment the executable passes in.
package enum JobSourceCatalog {
    package static let version = JobHunterVersion.current

    /// Keys are read from `environment` (ADZUNA_APP_ID, ADZUNA_APP_KEY, ADZUNA_COUNTRY, USAJOBS_API_KEY, USAJOBS_EMAIL).
    /// JOBHUNTER_SOURCES_BASE_URL sends every board's requests to one host instead (a proxy, or a test server).
    package static func all(environment: [String: String]) -> [any JobSource] {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let base = value("JOBHUNTER_SOURCES_BASE_URL")
        let chosen = value("JOBHUNTER_SOURCES").map {
            Set($0.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        let sources: [any JobSource] = [
            RemotiveSource(baseURL: base ?? "https://remotive.com"), ArbeitnowSource(baseURL: base ?? "https://www.arbeitnow.com"),
            RemoteOKSource(baseURL: base ?? "https://remoteok.com"), TheMuseSource(baseURL: base ?? "https://www.themuse.com"),
            AdzunaSource(
                appID: value("ADZUNA_APP_ID"), appKey: value("ADZUNA_APP_KEY"), country: value("ADZUNA_COUNTRY") ?? "gb",
                baseURL: base ?? "https://api.adzuna.com"),
            USAJobsSource(apiKey: value("USAJOBS_API_KEY"), email: value("USAJOBS_EMAIL"), baseURL: base ?? "https://data.usajobs.gov"),
        ]
        // JOBHUNTER_SOURCES=remotive,adzuna limits refreshes to those boards.
        return sources.filter { chosen?.contains($0.name) ?? true }
    }

    package static var names: [String] { ["remotive", "arbeitnow", "remoteok", "themuse", "adzuna", "usajobs"] }
}
