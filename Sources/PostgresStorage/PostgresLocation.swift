import Foundation

/// A `postgres://user:password@host:port/database?sslmode=…` URL, parsed once. `description` never shows the
/// password, so the location can go into logs, /health and error messages.
package struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    package enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    package struct Invalid: Error, CustomStringConvertible {
        package let reason: String
        package var description: String {
            "the database URL is not valid: \(reason); expected postgres://USER:PASSWORD@HOST:5432/DATABASE"
        }
    }

    package init(url text: String) throws {
        // The URL itself is never echoed back: it may carry the password.
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)) else {
            throw Invalid(reason: "it could not be parsed")
        }
        guard let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw Invalid(reason: "it must start with postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw Invalid(reason: "it names no host") }
        guard let user = components.user, !user.isEmpty else { throw Invalid(reason: "it names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw Invalid(reason: "it names no database (the path after the host)") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw Invalid(reason: "the port must be between 1 and 65535") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow": tls = .disable
            case "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw Invalid(reason: "sslmode must be disable, prefer or require")
            }
        }
        self.host = host
        self.port = port
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    package var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
