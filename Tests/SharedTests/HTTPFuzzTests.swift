import Testing
@testable import Shared
#if canImport(Glibc)
import Glibc
#endif

/// Deterministic (seeded) mutation fuzzing: the parsers must never trap, and the server must keep
/// serving whatever it is sent.
@Suite struct HTTPFuzzTests {
    static let seeds: [String] = [
        "GET /hello HTTP/1.1\r\nHost: t\r\nX-A: b\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ]
    static let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x3A, 0x3B, 0x2C, 0x7F, 0xFF, 0x30, 0x66, 0x46]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            guard !bytes.isEmpty else { break }
            let i = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 6 {
            case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes[i] = interesting[Int(rng.next() % UInt64(interesting.count))]
            case 2: bytes.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: i)
            case 3: bytes.remove(at: i)
            case 4: bytes.removeSubrange(i...)
            default:
                let j = min(bytes.count, i + Int(rng.next() % 16))
                bytes.insert(contentsOf: bytes[i..<j], at: i)
            }
        }
        return bytes
    }

    @Test func parsersNeverTrapOnMutatedInput() {
        var rng = SplitMix64(seed: 0x5eed)
        var outcomes = (complete: 0, failure: 0, needMore: 0)
        for round in 0..<20_000 {
            let input = Self.mutate(Array(Self.seeds[round % Self.seeds.count].utf8), &rng)
            // Feed the head parser in random pieces, as the network would.
            var parser = HTTPHeadParser(maxHeadBytes: 256, maxRequestLineBytes: 64)
            var end = 0
            var consumed = 0
            var outcome = 0
            headLoop: while end < input.count {
                end = min(input.count, end + 1 + Int(rng.next() % 40))
                switch input[0..<end].withUnsafeBytes({ parser.parse($0) }) {
                case .needMore: continue
                case .failure:
                    outcome = 1
                    break headLoop
                case .complete(_, let n):
                    consumed = n
                    outcome = 2
                    break headLoop
                }
            }
            switch outcome {
            case 1: outcomes.failure += 1
            case 2: outcomes.complete += 1
            default: outcomes.needMore += 1
            }
            #expect(consumed <= input.count)
            var decoder = HTTPChunkedDecoder(maxBodyBytes: 1000, maxTrailerBytes: 100)
            var body: [UInt8] = []
            var pos = consumed
            while pos < input.count {
                let stop = min(input.count, pos + 1 + Int(rng.next() % 8))
                let (used, result) = input[pos..<stop].withUnsafeBytes { decoder.feed($0, into: &body) }
                #expect(used <= stop - pos)
                pos += used
                if result != .needMore { break }
            }
            #expect(body.count <= 1000)
        }
        // The mutations reach every outcome (the fuzzer is not just bouncing off the first byte).
        #expect(outcomes.complete > 1000)
        #expect(outcomes.failure > 1000)
        #expect(outcomes.needMore > 100)
    }

    @Test func serverSurvivesMutatedRequests() throws {
        let s = try TestServer {
            $0.headerTimeout = .milliseconds(200)
            $0.bodyTimeout = .milliseconds(200)
            $0.idleTimeout = .milliseconds(200)
        }
        defer { s.stop() }
        var rng = SplitMix64(seed: 42)
        for batch in 0..<4 {
            // 100 connections at once, so the timeouts of incomplete requests overlap.
            var clients: [RawClient] = []
            for i in 0..<100 {
                let c = try s.client()
                c.send(Self.mutate(Array(Self.seeds[(batch * 100 + i) % Self.seeds.count].utf8), &rng))
                clients.append(c)
            }
            for c in clients {
                // Every connection ends (response + idle close, error + close, or timeout), never hangs.
                #expect(c.waitForClose())
            }
            #expect(try s.get("/hello").status == 200)
        }
    }
}

/// A tiny seeded PRNG (SplitMix64) so fuzz runs are reproducible.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
