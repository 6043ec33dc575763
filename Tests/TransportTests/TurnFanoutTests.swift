import Assistant
import Foundation
import Synchronization
import Testing

@testable import Transport

@Suite("Turn events to a user's other connections")
struct TurnFanoutTests {
    final class Inbox: Sendable {
        let events = Mutex<[JSONValue]>([])
        var deliver: TurnFanout.Deliver { { event in self.events.withLock { $0.append(event) } } }
        var count: Int { events.withLock { $0.count } }
    }

    @Test("the user's other connections get each event; the origin, other users and this instance's echoes do not")
    func localAndRelayed() {
        let here = TurnFanout()
        let there = TurnFanout()
        let wire = Mutex<[String]>([])
        here.setRelay { message in wire.withLock { $0.append(message) } }
        let origin = UUID()
        let sibling = UUID()
        let stranger = UUID()
        let remote = UUID()
        let originInbox = Inbox()
        let siblingInbox = Inbox()
        let strangerInbox = Inbox()
        let remoteInbox = Inbox()
        here.subscribe(userID: 1, connection: origin, deliver: originInbox.deliver)
        here.subscribe(userID: 1, connection: sibling, deliver: siblingInbox.deliver)
        here.subscribe(userID: 2, connection: stranger, deliver: strangerInbox.deliver)
        there.subscribe(userID: 1, connection: remote, deliver: remoteInbox.deliver)

        here.publish(userID: 1, origin: origin) { ["type": "final", "text": "hi"] }
        #expect(originInbox.count == 0 && strangerInbox.count == 0)
        #expect(siblingInbox.events.withLock { $0 } == [["type": "final", "text": "hi"]])

        #expect(wire.withLock { $0 }.filter { $0.contains(" present ") }.count == 2, "users 1 and 2 announced once each")
        let relayed = wire.withLock { $0 }.filter(Self.isEvent)
        #expect(relayed.count == 1)
        for message in relayed {
            there.receiveRelayed(message)
            here.receiveRelayed(message)
        }
        #expect(remoteInbox.events.withLock { $0 } == [["type": "final", "text": "hi"]], "the other instance delivers it")
        #expect(siblingInbox.count == 1, "this instance ignores its own relayed copy")

        for junk in ["", "x", "other 1", "other notanumber {}", "other 1 {not json"] { there.receiveRelayed(junk) }
        #expect(remoteInbox.count == 1, "malformed relay messages are dropped")
        there.unsubscribe(userID: 1, connection: remote)
        for message in relayed { there.receiveRelayed(message) }
        #expect(remoteInbox.count == 1 && there.subscriberCount == 0)
    }

    static func isEvent(_ message: String) -> Bool {
        let fields = message.split(separator: " ", maxSplits: 2)
        return fields.count == 3 && Int64(fields[1]) != nil
    }

    /// What instances send each other, and the one clock they read, both driven by the test.
    final class Wire: Sendable {
        let clock = Mutex(ContinuousClock.now)
        let pending = Mutex<[String]>([])
        let sentEvents = Mutex(0)
    }

    /// Instances joined by a hand-driven wire and one hand-driven clock.
    final class Cluster: Sendable {
        let wire = Wire()
        let instances: [TurnFanout]

        init(count: Int) {
            let wire = self.wire
            let start = wire.clock.withLock { $0 }
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            instances = (0..<count).map { _ in
                TurnFanout(
                    rosterInterval: .seconds(10), now: { wire.clock.withLock { $0 } },
                    wallNow: { base.addingTimeInterval((wire.clock.withLock { $0 } - start).inSeconds) })
            }
            for instance in instances {
                instance.setRelay { message in
                    if TurnFanoutTests.isEvent(message) { wire.sentEvents.withLock { $0 += 1 } }
                    wire.pending.withLock { $0.append(message) }
                }
            }
        }

        func advance(_ duration: Duration) { wire.clock.withLock { $0 = $0 + duration } }

        /// Delivers queued messages to every instance (each also hears its own, as LISTEN does), until none are left.
        func flush() {
            while true {
                let batch = wire.pending.withLock { queue in
                    defer { queue.removeAll() }
                    return queue
                }
                if batch.isEmpty { return }
                for message in batch { for instance in instances { instance.receiveRelayed(message) } }
            }
        }

        /// Events relayed by `instance` for `userID` from `origin` since the last call.
        func relays(_ instance: Int, userID: Int64, origin: UUID = UUID(), text: String = "hi") -> Int {
            let before = wire.sentEvents.withLock { $0 }
            instances[instance].publish(userID: userID, origin: origin) { ["type": "delta", "text": .string(text)] }
            let after = wire.sentEvents.withLock { $0 }
            flush()
            return after - before
        }
    }

    @Test("a turn goes through PostgreSQL only while the user has a connection on another instance, once presence is known")
    func presence() {
        let cluster = Cluster(count: 2)
        for instance in cluster.instances { instance.relayListening() }
        cluster.flush()
        #expect(cluster.relays(0, userID: 1) == 1, "right after listening starts, announcements may have been missed")
        cluster.advance(.seconds(11))
        #expect(cluster.relays(0, userID: 1) == 0, "nobody elsewhere: no NOTIFY")
        cluster.advance(.seconds(1))

        let remote = Inbox()
        let connection = UUID()
        cluster.instances[1].subscribe(userID: 1, connection: connection, deliver: remote.deliver)
        cluster.flush()
        #expect(cluster.relays(0, userID: 1) == 1 && remote.count == 1, "the connection on the other instance gets the turn")
        #expect(cluster.relays(0, userID: 2) == 0, "only for that user")
        cluster.instances[1].unsubscribe(userID: 1, connection: connection)
        cluster.flush()
        #expect(cluster.relays(0, userID: 1) == 0)
    }

    @Test("a connection announced after a turn began still gets the whole turn, in order; a turn from before it opened is not replayed")
    func announcedLate() {
        let cluster = Cluster(count: 2)
        let (here, there) = (cluster.instances[0], cluster.instances[1])
        here.relayListening()
        there.relayListening()
        cluster.flush()
        cluster.advance(.seconds(11))
        #expect(cluster.relays(0, userID: 1, text: "before") == 0)
        cluster.advance(.seconds(2))

        // The second tab opens; before its announcement reaches this instance, a turn starts here.
        let inbox = Inbox()
        there.subscribe(userID: 1, connection: UUID(), deliver: inbox.deliver)
        cluster.advance(.milliseconds(5))
        let turnStarted = Date(timeIntervalSince1970: 1_800_000_013.005)
        for text in ["user message", "first delta"] {
            here.publish(userID: 1, origin: UUID(), turnStarted: turnStarted) { ["type": "delta", "text": .string(text)] }
        }
        #expect(cluster.wire.sentEvents.withLock { $0 } == 0, "withheld: nobody is known to be elsewhere yet")
        cluster.flush()
        here.publish(userID: 1, origin: UUID(), turnStarted: turnStarted) { ["type": "final", "text": "answer"] }
        cluster.flush()
        let texts = inbox.events.withLock { $0 }.map { $0["text"]?.stringValue ?? "" }
        #expect(texts == ["user message", "first delta", "answer"], "replayed in order, then live; the turn from before is not sent")
    }

    @Test("presence heals: a silent instance expires, a roster restores it, a newcomer's hello is answered, bye forgets")
    func presenceHeals() {
        let cluster = Cluster(count: 3)
        let (here, there, late) = (cluster.instances[0], cluster.instances[1], cluster.instances[2])
        here.relayListening()
        there.relayListening()
        cluster.flush()
        there.subscribe(userID: 7, connection: UUID(), deliver: Inbox().deliver)
        cluster.flush()
        cluster.advance(.seconds(11))
        #expect(cluster.relays(0, userID: 7) == 1)
        cluster.advance(.seconds(31))
        #expect(cluster.relays(0, userID: 7) == 0, "not heard from for three roster intervals: it crashed")
        there.announceRoster()
        cluster.flush()
        #expect(cluster.relays(0, userID: 7) == 1, "its roster brings it back")

        late.relayListening()
        cluster.flush()
        cluster.advance(.seconds(11))
        #expect(cluster.relays(2, userID: 7) == 1, "a newcomer learns the roster from its hello")
        there.setRelay(nil)
        cluster.flush()
        #expect(cluster.relays(0, userID: 7) == 0 && cluster.relays(2, userID: 7) == 0, "an instance that says bye counts for nobody")
        for junk in ["x present", "x present abc", "x roster a,b", "x dance 1"] { here.receiveRelayed(junk) }
        #expect(cluster.relays(0, userID: 7) == 0, "malformed presence messages change nothing")
    }

    @Test("with no other connection and no other instance, nothing is built or sent")
    func aloneCostsNothing() {
        let fanout = TurnFanout()
        let origin = UUID()
        fanout.subscribe(userID: 1, connection: origin, deliver: Inbox().deliver)
        let built = Mutex(0)
        fanout.publish(userID: 1, origin: origin) {
            built.withLock { $0 += 1 }
            return ["type": "delta"]
        }
        #expect(built.withLock { $0 } == 0)
        let sibling = Inbox()
        fanout.subscribe(userID: 1, connection: UUID(), deliver: sibling.deliver)
        fanout.publish(userID: 1, origin: origin) {
            built.withLock { $0 += 1 }
            return ["type": "delta"]
        }
        #expect(built.withLock { $0 } == 1 && sibling.count == 1)
    }
}
