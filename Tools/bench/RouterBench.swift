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
        let t0 = monotonicSeconds()
        for _ in 0..<n { _ = responder.handle(line: line, peer: peer) }
        let per = (monotonicSeconds() - t0) / Double(n)
        var s = Samples()
        s.add(per)
        let t1 = monotonicSeconds()
        for _ in 0..<n { _ = try? JSONCoding.decoder.decode(RequestHeader.self, from: line) }
        let dec = (monotonicSeconds() - t1) / Double(n)
        let t2 = monotonicSeconds()
        for _ in 0..<n { _ = try? JSONCoding.encode(Health.Reply(service: "b", version: "1", uptimeS: 1)) }
        let enc = (monotonicSeconds() - t2) / Double(n)
        report.section(
            "router cost per request (in process)", "One `health` through Responder.handle, no socket.",
            ["handle", "header decode", "reply encode"], [[micros(per), micros(dec), micros(enc)]])
    }
}
