/// An error that may go away by itself (a database that is restarting): servers answer 503, not 500, for these.
package protocol TemporaryFailure: Error {
    var isTemporary: Bool { get }
}
