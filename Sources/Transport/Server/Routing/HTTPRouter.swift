import NIOHTTP1

/// Routes registered by method and path, each open or behind a bearer token; resolves a request to its route,
/// a 405 with the methods its path accepts, or a 404.
package struct HTTPRouter: Sendable {
    package enum Access: Sendable, Equatable {
        case open
        /// `Authorization: Bearer <jwt>`, checked for its signature at the request's head and in full before the route.
        case token
        /// The header, or for browsers (which cannot set headers on a WebSocket) the subprotocol `bearer.<jwt>`.
        case webSocketToken
    }

    package enum Path: Sendable, Equatable {
        case exact(String)
        /// Every path that starts with this, such as `/exports/`; the route reads the rest itself.
        case prefix(String)

        func matches(_ path: String) -> Bool {
            switch self {
            case .exact(let exact): path == exact
            case .prefix(let prefix): path.hasPrefix(prefix) && path.count > prefix.count
            }
        }
    }

    package struct Route: Sendable {
        package let method: HTTPMethod
        package let path: Path
        package let access: Access
        let handler: HTTPResponder
    }

    package enum Match {
        case route(Route)
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private(set) var routes: [Route] = []

    package init() {}

    package mutating func add(_ method: HTTPMethod, _ path: Path, access: Access = .open, _ handler: @escaping HTTPResponder) {
        routes.append(Route(method: method, path: path, access: access, handler: handler))
    }

    package mutating func add(_ method: HTTPMethod, _ path: String, access: Access = .open, _ handler: @escaping HTTPResponder) {
        add(method, .exact(path), access: access, handler)
    }

    package func match(_ method: HTTPMethod, _ path: String) -> Match {
        let onPath = routes.filter { $0.path.matches(path) }
        if let route = onPath.first(where: { $0.method == method }) { return .route(route) }
        if onPath.isEmpty { return .notFound }
        var allowed: [String] = []
        for route in onPath where !allowed.contains(route.method.rawValue) { allowed.append(route.method.rawValue) }
        return .methodNotAllowed(allowed: allowed)
    }

    /// Whether a request to this path must carry a genuine token before its body is read (whatever its method),
    /// so unauthenticated clients cannot park large bodies in the server.
    package func requiresTokenAtHead(_ path: String) -> Bool {
        routes.contains { $0.access == .token && $0.path.matches(path) }
    }
}
