import Foundation

/// The current date, injected so nothing below the executable reads the wall clock itself.
package struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    package init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    package func now() -> Date { read() }

    package static let system = WallClock { Date() }

    package static func fixed(_ date: Date) -> WallClock { WallClock { date } }
}
