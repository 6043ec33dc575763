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

        let relayed = wire.withLock { $0 }
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
