import Contracts
import Foundation
import Runtime
import Server
import Sockets
import Wire

/// In-process cost of one `health` through the router (no socket): where the
/// service spends its CPU per request.
enum RouterBench {
    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        let router = Router(logger: Logger(service: "b", minimum: .warning), staffUIDs: [], serviceUIDs: [])
        router.on(Health.self) { _, _ in Health.Reply(service: "b", version: "1", uptimeS: 1) }
        let responder = router.buildResponder()
        let line = Data(#"{"id":"b","type":"health"}"#.utf8)
        let peer = PeerCredentials(pid: 1, uid: 0, gid: 0)
        let n = quick ? 20000 : 100000
        for _ in 0..<1000 { _ = responder.handle(line: line, peer: peer) }
        // Five interleaved repetitions, the median of each: one pass of each
        // moved by 10 % between runs of the same build on this shared machine.
        var handle = Samples()
        var decode = Samples()
        var encode = Samples()
        for _ in 0..<5 {
            handle.add(perCall(n / 5) { _ = responder.handle(line: line, peer: peer) })
            decode.add(perCall(n / 5) { _ = try? JSONCoding.decoder.decode(RequestHeader.self, from: line) })
            encode.add(
                perCall(n / 5) { _ = try? JSONCoding.encode(Health.Reply(service: "b", version: "1", uptimeS: 1)) })
        }
        let (per, dec, enc) = (handle.p50, decode.p50, encode.p50)
        report.section(
            "router cost per request (in process)",
            "One `health` through Responder.handle, no socket; the median of 5 interleaved repetitions of \(n / 5) calls.",
            ["handle", "header decode", "reply encode"], [[micros(per), micros(dec), micros(enc)]])
    }

    private static func perCall(_ n: Int, _ body: () -> Void) -> Double {
        let t0 = monotonicSeconds()
        for _ in 0..<n { body() }
        return (monotonicSeconds() - t0) / Double(n)
    }
}
