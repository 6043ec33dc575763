import Foundation

/// A model built in the background: the REPL shows its prompt at once, and the first turn waits
/// for training to finish. Loading errors surface as that turn's model error.
package struct LazyChatModel: ChatModel {
    package let name: String
    private let loading: Task<any ChatModel, Error>

    package init(name: String, load: @escaping @Sendable () async throws -> any ChatModel) {
        self.name = name
        self.loading = Task(priority: .userInitiated) { try await load() }
    }

    /// A model whose synchronous loading (reading data files, training) runs on a thread of its own, so it never
    /// holds one of the cooperative pool's few threads while the server answers requests.
    package init(name: String, loadBlocking: @escaping @Sendable () throws -> any ChatModel) {
        self.init(name: name) { try await BlockingWork.run(loadBlocking) }
    }

    package func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error> {
        let loading = self.loading
        return AsyncThrowingStream { continuation in
            let forward = Task {
                do {
                    let model = try await loading.value
                    for try await event in model.stream(request) { continuation.yield(event) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in forward.cancel() }
        }
    }
}
