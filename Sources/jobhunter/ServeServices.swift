import Foundation
import PostgresStorage
import ServiceLifecycle
import Tools
import Transport

// The parts of `jobhunter serve` as services of one ServiceGroup. The group starts them together, turns SIGTERM and
// SIGINT into a graceful shutdown, and shuts them down in the reverse of their order: the server first (every
// WebSocket closes with 1001), then background refreshes, the event relay, and the database last.

/// Listens until the group shuts down, then closes every connection.
struct HTTPServerService: Service {
    let server: HTTPServer
    /// Told the bound port once the server listens (the caller prints "listening on …").
    let listening: @Sendable (Int) -> Void

    func run() async throws {
        let (channel, port) = try await server.start()
        listening(port)
        try? await gracefulShutdown()
        await server.shutdown(channel)
    }
}

/// Carries turn events to the user's connections on other instances (PostgreSQL LISTEN/NOTIFY).
struct EventRelayService: Service {
    let relay: PostgresEventRelay
    let fanout: TurnFanout

    func run() async throws {
        fanout.setRelay { [relay] in relay.publish($0) }
        relay.start(listening: { [fanout] in fanout.relayListening() }, deliver: { [fanout] in fanout.receiveRelayed($0) })
        // Which users have a connection here, for the other instances' `RemotePresence`, until shutdown.
        try? await cancelWhenGracefulShutdown { [fanout] in
            while !Task.isCancelled {
                try await Task.sleep(for: fanout.rosterInterval)
                fanout.announceRoster()
            }
        }
        fanout.setRelay(nil)
        await relay.stop()
    }
}

/// Lets refreshes from the job boards that searches started finish before the database closes.
struct BackgroundRefreshService: Service {
    let refresh: BackgroundRefresh

    func run() async throws {
        try? await gracefulShutdown()
        await refresh.drain()
    }
}

/// Closes the PostgreSQL client after every other part has stopped.
struct DatabaseService: Service {
    let database: PostgresDatabase

    func run() async throws {
        try? await gracefulShutdown()
        database.close()
    }
}
