import Shared

/// One outgoing `fetch()` of an invocation: the request until it gets a slot, then its transfer and
/// the `fetchRead` op waiting for body bytes.
final class FetchSubrequest {
    /// The `fetchStart` op id; names the fetch in `fetchRead`/`fetchCancel`.
    let id: Int
    var request: HTTPClientRequest?
    var transfer: HTTPClientTransfer?
    /// The `fetchRead` op waiting for bytes, if any.
    var readOp: Int?
    /// Counts against `RuntimeLimits.fetchMaxConcurrent` (from start until the transfer ends).
    var holdsSlot = false

    init(id: Int, request: HTTPClientRequest) {
        self.id = id
        self.request = request
    }

    /// Stops the transfer; no callback fires afterwards.
    func cancel() {
        request = nil
        if let t = transfer {
            transfer = nil
            t.cancel()
        }
    }
}

/// `ops.fetchStart` / `ops.fetchRead` / `ops.fetchCancel` over the loop's `HTTPClient`
/// (spec/runtime.md §2.1; per-request limits §3.6).
///
/// Ops are answered by id through `completeAsyncOp`, never inside the op call itself: a result that
/// is ready at once is settled from a zero-delay timer.
extension PooledIsolate {
    func fetchStart(_ args: HostOpArguments, _ result: HostOpResult) {
        guard let inv = current, !inv.finished else {
            result.throwError(.error, "fetch() can only be called while a request is running")
            return
        }
        let limits = pool.limits
        guard inv.fetchCount < limits.fetchMaxPerRequest else {
            result.throwError(.error, "Too many subrequests: a request may make at most \(limits.fetchMaxPerRequest) fetch() calls")
            return
        }
        guard let method = args.string(0), let url = args.string(1) else {
            result.throwError(.typeError, "fetch: invalid arguments")
            return
        }
        var headers: [(name: String, value: String)] = []
        if let flat = args.strings(2) {
            headers.reserveCapacity(flat.count / 2)
            var i = 0
            while i + 1 < flat.count { headers.append((flat[i], flat[i + 1])); i += 2 }
        }
        let body: [UInt8]? = args.isNullish(3) ? nil : args.rawBytes(3).map { Array($0) }
        let redirect: HTTPClientRequest.RedirectMode
        switch args.string(4) {
        case "manual": redirect = .manual
        case "error": redirect = .error
        default: redirect = .follow
        }
        inv.fetchCount += 1
        let id = pool.newAsyncOpID()
        let sub = FetchSubrequest(id: id, request: HTTPClientRequest(method: method, url: url, headers: headers,
                                                                    body: body, redirect: redirect))
        inv.fetches[id] = sub
        inv.asyncOps[id] = { sub.cancel() }
        result.number(Double(id))
        if inv.fetchActive < limits.fetchMaxConcurrent {
            fetchBegin(inv, sub)
        } else {
            inv.fetchWaiting.append(sub)
        }
    }

    func fetchRead(_ args: HostOpArguments, _ result: HostOpResult) {
        guard let inv = current, !inv.finished, let fid = args.int(0), let sub = inv.fetches[fid],
              sub.readOp == nil, let t = sub.transfer else {
            result.throwError(.typeError, "the response body is no longer available")
            return
        }
        let rid = pool.newAsyncOpID()
        sub.readOp = rid
        inv.asyncOps[rid] = {}
        result.number(Double(rid))
        if t.isReadable {
            pool.loop.schedule(afterNanoseconds: 0) { [self] in
                guard sub.readOp == rid else { return }
                fetchDeliverRead(inv, sub)
            }
        }
    }

    func fetchCancel(_ args: HostOpArguments) {
        guard let inv = current, let fid = args.int(0), let sub = inv.fetches.removeValue(forKey: fid) else { return }
        sub.cancel()
        inv.asyncOps[fid] = nil
        inv.asyncOps[-fid] = nil
        if let r = sub.readOp { inv.asyncOps[r] = nil; sub.readOp = nil }
        if let i = inv.fetchWaiting.firstIndex(where: { $0 === sub }) { inv.fetchWaiting.remove(at: i) }
        fetchReleaseSlot(inv, sub)
    }

    // MARK: - Internals

    private func fetchBegin(_ inv: Invocation, _ sub: FetchSubrequest) {
        guard let request = sub.request else { return }
        sub.request = nil
        sub.holdsSlot = true
        inv.fetchActive += 1
        let transfer: HTTPClientTransfer
        do {
            transfer = try pool.httpClient().start(request)
        } catch {
            fetchFailed(inv, sub, error, later: true)
            return
        }
        sub.transfer = transfer
        transfer.onHead = { [self] outcome in
            switch outcome {
            case .success(let head):
                var flat: [String] = [String(head.status), head.statusText, head.url, head.redirected ? "1" : ""]
                flat.reserveCapacity(4 + head.headers.count * 2)
                for h in head.headers { flat.append(h.name); flat.append(h.value) }
                // From here the body is the open resource; it is cancelled when the request ends.
                inv.asyncOps[-sub.id] = { sub.cancel() }
                pool.completeAsyncOp(self, inv, id: sub.id, ok: true, value: .strings(flat))
            case .failure(let error):
                fetchFailed(inv, sub, error, later: false)
            }
        }
        transfer.onBody = { [self] in
            if transfer.isFinished { fetchReleaseSlot(inv, sub) }
            if sub.readOp != nil { fetchDeliverRead(inv, sub) }
        }
    }

    private func fetchFailed(_ inv: Invocation, _ sub: FetchSubrequest, _ error: HTTPClientError, later: Bool) {
        sub.transfer = nil
        inv.fetches[sub.id] = nil
        fetchReleaseSlot(inv, sub)
        let message = "fetch failed: \(Self.describe(error))"
        if later {
            pool.loop.schedule(afterNanoseconds: 0) { [self] in
                pool.completeAsyncOp(self, inv, id: sub.id, ok: false, value: .string(message), errorName: "TypeError")
            }
        } else {
            pool.completeAsyncOp(self, inv, id: sub.id, ok: false, value: .string(message), errorName: "TypeError")
        }
    }

    static func describe(_ error: HTTPClientError) -> String {
        switch error.code {
        case .dns: return "could not resolve the host name (\(error.message))"
        case .connect: return "could not connect (\(error.message))"
        case .timeout: return "timed out (\(error.message))"
        case .tooManyRedirects: return "too many redirects"
        case .redirectNotAllowed: return "unexpected redirect (redirect mode is \"error\")"
        case .unsupportedScheme: return "only http: and https: URLs are supported"
        case .invalidURL: return "invalid URL (\(error.message))"
        default: return error.message
        }
    }

    /// Settles the waiting `fetchRead` op with what the transfer has (nothing yet: keep waiting).
    private func fetchDeliverRead(_ inv: Invocation, _ sub: FetchSubrequest) {
        guard let rid = sub.readOp, let t = sub.transfer else { return }
        switch t.read() {
        case .pending:
            return
        case .bytes(let bytes):
            sub.readOp = nil
            pool.completeAsyncOp(self, inv, id: rid, ok: true, value: .bytes(bytes))
        case .end:
            sub.readOp = nil
            fetchClosed(inv, sub)
            pool.completeAsyncOp(self, inv, id: rid, ok: true, value: .null)
        case .failed(let error):
            sub.readOp = nil
            fetchClosed(inv, sub)
            pool.completeAsyncOp(self, inv, id: rid, ok: false, value: .string("fetch failed: \(Self.describe(error))"),
                                 errorName: "TypeError")
        }
    }

    private func fetchClosed(_ inv: Invocation, _ sub: FetchSubrequest) {
        sub.transfer?.onBody = nil
        sub.transfer?.onHead = nil
        sub.transfer = nil
        inv.fetches[sub.id] = nil
        inv.asyncOps[-sub.id] = nil
        fetchReleaseSlot(inv, sub)
    }

    /// The fetch no longer counts as in flight: the next waiting one of the request starts.
    private func fetchReleaseSlot(_ inv: Invocation, _ sub: FetchSubrequest) {
        guard sub.holdsSlot else { return }
        sub.holdsSlot = false
        inv.fetchActive -= 1
        guard current === inv, !inv.finished else { return }
        while inv.fetchActive < pool.limits.fetchMaxConcurrent, !inv.fetchWaiting.isEmpty {
            let next = inv.fetchWaiting.removeFirst()
            fetchBegin(inv, next)
        }
    }
}
