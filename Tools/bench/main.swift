import Foundation

// connect-bench: measures what the issues ask and writes docs/benchmarks.md.
// `connect-bench [--out FILE] [--quick] [--only health,notifier,…]`

var out: String?
var quick = false
var only: Set<String>?
var argv = CommandLine.arguments.dropFirst().makeIterator()
while let a = argv.next() {
    switch a {
    case "--out": out = argv.next()
    case "--quick": quick = true
    case "--only": only = Set((argv.next() ?? "").split(separator: ",").map(String.init))
    default:
        print("usage: connect-bench [--out FILE] [--quick] [--only health,...]")
        exit(2)
    }
}

let sections: [(String, (inout Report, Cluster, Bool) throws -> Void)] = [
    ("health", HealthBench.run),
    ("router", RouterBench.run),
    ("login", LoginBench.run),
    ("search", SearchBench.run),
    ("export", ExportBench.run),
    ("notifier", NotifierBench.run),
    ("portal", PortalBench.run),
    ("footprint", FootprintBench.run),
    ("recovery", RecoveryBench.run),
]

var report = Report()
var failed = false
for (name, run) in sections where only?.contains(name) ?? true {
    let cluster = Cluster()
    do { try run(&report, cluster, quick) } catch {
        FileHandle.standardError.write(Data("bench \(name) failed: \(error)\n".utf8))
        failed = true
    }
    cluster.stopAll()
}
if let out {
    let text = report.markdown(command: "connect-bench " + CommandLine.arguments.dropFirst().joined(separator: " "))
    try? text.write(toFile: out, atomically: true, encoding: .utf8)
    print("written: \(out)")
}
exit(failed ? 1 : 0)
