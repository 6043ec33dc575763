import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Turns Ctrl-C (SIGINT) into "cancel the running turn" instead of "kill the process".
package final class InterruptMonitor {
    private let source: any DispatchSourceSignal
    private let handlerBox = HandlerBox()

    package init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let box = handlerBox
        source.setEventHandler { box.fire() }
        source.resume()
    }

    /// Runs `action` on each Ctrl-C until the next call replaces it; nil ignores Ctrl-C.
    package func onInterrupt(_ action: (@Sendable () -> Void)?) {
        handlerBox.set(action)
    }

    deinit {
        source.cancel()
    }
}

/// The current interrupt handler, read from the signal queue and written by the REPL task.
private final class HandlerBox: Sendable {
    private let action = Mutex<(@Sendable () -> Void)?>(nil)

    func set(_ action: (@Sendable () -> Void)?) {
        self.action.withLock { $0 = action }
    }

    func fire() {
        let action = self.action.withLock { $0 }
        action?()
    }
}
