import Assistant
import Foundation
import Storage
import Synchronization

/// Users by name, without regard to case, as the databases compare them.
package final class InMemoryUserStore: UserStore {
    private struct Account {
        var user: User
        var createdAt: Date
        var passwordHash: String?
    }

    private let accounts = Mutex<(byName: [String: Account], nextID: Int64)>(([:], 1))
    let clock: WallClock

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func user(named name: String) async throws -> User {
        let now = clock.now()
        return accounts.withLock { accounts in
            if let found = accounts.byName[name.lowercased()] { return found.user }
            let user = User(id: accounts.nextID, name: name)
            accounts.nextID += 1
            accounts.byName[name.lowercased()] = Account(user: user, createdAt: now)
            return user
        }
    }

    package func register(name: String, passwordHash: String) async throws -> Bool {
        let now = clock.now()
        return accounts.withLock { accounts in
            guard accounts.byName[name.lowercased()] == nil else { return false }
            accounts.byName[name.lowercased()] = Account(
                user: User(id: accounts.nextID, name: name), createdAt: now, passwordHash: passwordHash)
            accounts.nextID += 1
            return true
        }
    }

    package func setPassword(name: String, passwordHash: String) async throws -> User {
        let user = try await user(named: name)
        accounts.withLock { $0.byName[name.lowercased()]?.passwordHash = passwordHash }
        return user
    }

    package func credentials(name: String) async throws -> (user: User, passwordHash: String)? {
        accounts.withLock { accounts in
            accounts.byName[name.lowercased()].flatMap { account in account.passwordHash.map { (account.user, $0) } }
        }
    }
}

/// Profiles by user; `update` changes one under the lock, so concurrent updates are not lost.
package final class InMemoryProfileStore: ProfileStore {
    private let profiles = Mutex<[Int64: UserProfile]>([:])

    package init() {}

    package func profile(userID: Int64) async throws -> UserProfile {
        profiles.withLock { $0[userID] ?? UserProfile() }
    }

    package func save(_ profile: UserProfile, userID: Int64) async throws {
        profiles.withLock { $0[userID] = profile }
    }

    package func update<Result: Sendable>(
        userID: Int64, _ change: @Sendable @escaping (inout UserProfile) -> Result
    ) async throws -> (profile: UserProfile, result: Result) {
        profiles.withLock { profiles in
            var profile = profiles[userID] ?? UserProfile()
            let result = change(&profile)
            profiles[userID] = profile
            return (profile, result)
        }
    }
}

/// Token counts per request, summed per model.
package final class InMemoryUsageStore: UsageStore {
    private let records = Mutex<[(userID: Int64, model: String, usage: TokenUsage, at: Date)]>([])
    let clock: WallClock

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func record(userID: Int64, model: String, usage: TokenUsage) async throws {
        let now = clock.now()
        records.withLock { $0.append((userID, model, usage, now)) }
    }

    package func totals(userID: Int64, since: Date?) async throws -> [UsageTotal] {
        let mine = records.withLock { $0.filter { $0.userID == userID && $0.at >= (since ?? .distantPast) } }
        return Dictionary(grouping: mine, by: \.model).map { model, records in
            UsageTotal(
                model: model, requests: records.count, promptTokens: records.map(\.usage.promptTokens).reduce(0, +),
                completionTokens: records.map(\.usage.completionTokens).reduce(0, +))
        }.sorted { $0.model < $1.model }
    }
}
