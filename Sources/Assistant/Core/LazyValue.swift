import Synchronization

/// A value computed once, on first use, by whichever thread asks first; later readers get the cached value.
package final class LazyValue<Value: Sendable>: Sendable {
    private let state: Mutex<Value?>
    private let compute: @Sendable () -> Value

    package init(_ compute: @escaping @Sendable () -> Value) {
        self.compute = compute
        state = Mutex(nil)
    }

    package var value: Value {
        state.withLock { cached in
            if let cached { return cached }
            let computed = compute()
            cached = computed
            return computed
        }
    }
}
