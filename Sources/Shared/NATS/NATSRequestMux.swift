import Synchronization

/// Request/reply over one wildcard inbox subscription per connection (`_INBOX.<nuid>.*`): each
/// request gets a token, publishes with reply subject `<prefix><token>`, and waits on a continuation
/// that exactly one of reply, timeout, cancellation or connection close resumes (whoever removes the
/// token from `waiters` first).
final class NATSRequestMux: Sendable {
    let prefix: String

    private struct Waiter {
        var continuation: CheckedContinuation<NATSMessage, any Error>
        var timer: Task<Void, Never>?
    }
    private struct State {
        var next: UInt64 = 0
        var waiters: [String: Waiter] = [:]
        var failedAll: NATSError?
    }
    private let state = Mutex(State())

    init(prefix: String) { self.prefix = prefix }

    func nextToken() -> String {
        state.withLock { s in
            s.next &+= 1
            return String(s.next, radix: 36)
        }
    }

    /// Registers the waiter; false (and the continuation failed) when the mux already shut down.
    func register(_ token: String, _ continuation: CheckedContinuation<NATSMessage, any Error>) -> Bool {
        let failure = state.withLock { s -> NATSError? in
            if let f = s.failedAll { return f }
            s.waiters[token] = Waiter(continuation: continuation)
            return nil
        }
        if let failure { continuation.resume(throwing: failure); return false }
        return true
    }

    func setTimer(_ token: String, _ timer: Task<Void, Never>) {
        let orphan = state.withLock { s -> Bool in
            if s.waiters[token] != nil { s.waiters[token]!.timer = timer; return false }
            return true
        }
        if orphan { timer.cancel() }
    }

    func fail(_ token: String, _ error: any Error) {
        guard let w = state.withLock({ $0.waiters.removeValue(forKey: token) }) else { return }
        w.timer?.cancel()
        w.continuation.resume(throwing: error)
    }

    func resolve(_ message: NATSMessage, noResponders: Bool) {
        guard message.subject.hasPrefix(prefix) else { return }
        let token = String(message.subject.dropFirst(prefix.utf8.count))
        guard let w = state.withLock({ $0.waiters.removeValue(forKey: token) }) else { return }  // late reply
        w.timer?.cancel()
        if noResponders {
            w.continuation.resume(throwing: NATSError(code: .noResponders, status: 0, operation: "request",
                                                      message: "no responders on the request subject"))
        } else {
            w.continuation.resume(returning: message)
        }
    }

    func failAll(_ error: NATSError) {
        let all = state.withLock { s -> [Waiter] in
            s.failedAll = error
            let all = Array(s.waiters.values)
            s.waiters = [:]
            return all
        }
        for w in all {
            w.timer?.cancel()
            w.continuation.resume(throwing: error)
        }
    }
}
