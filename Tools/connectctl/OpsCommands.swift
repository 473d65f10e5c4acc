import Contracts
import Foundation
import Wire

enum OpsCommands {
    struct Row: Encodable {
        var service: String
        var status: String
        var version: String?
        var uptimeS: Int?
        var error: String?
        /// Messages to other services that a peer refused for good (they need a look).
        var refusedMessages: Int?
    }

    static func health(_ cli: CLI) throws -> Int32 {
        var rows: [Row] = []
        // `--service X` asks one service only: the container health checks use it.
        var names = ServiceName.all
        if let only = cli.args.value("service") {
            guard names.contains(only) else {
                throw CLIError.usage("--service must be one of \(names.joined(separator: ", "))")
            }
            names = [only]
        }
        for name in names {
            do {
                let h = try cli.client(name, timeout: 5).call(Health.self, Empty(), lang: cli.lang)
                rows.append(
                    Row(
                        service: name, status: "up", version: h.version, uptimeS: h.uptimeS,
                        refusedMessages: h.refusedMessages))
            } catch let e as ServiceError {
                rows.append(Row(service: name, status: "down", error: e.detail ?? e.code.rawValue))
            }
        }
        try cli.output(rows) {
            Table.render(
                ["SERVICE", "STATUS", "VERSION", "UPTIME", "NOTE"],
                rows.map {
                    [
                        $0.service, $0.status, $0.version ?? "-", $0.uptimeS.map { "\($0)s" } ?? "-",
                        $0.error
                            ?? ($0.refusedMessages.map { $0 > 0 ? "\($0) refused messages (log: outbox.refused)" : "" }
                                ?? ""),
                    ]
                })
        }
        return rows.allSatisfy { $0.status == "up" } ? 0 : 1
    }

    static func call(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        guard rest.count >= 2 else { throw CLIError.usage("call SERVICE TYPE [JSON-BODY]") }
        let body: JSONValue
        if rest.count >= 3 {
            guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(rest[2].utf8)) else {
                throw CLIError.usage("the body is not JSON: \(rest[2])")
            }
            body = parsed
        } else {
            body = .object([:])
        }
        let session = cli.args.value("session") ?? cli.state.loadSession()?.session
        let reply = try cli.client(rest[0]).send(type: rest[1], body: body, session: session, lang: cli.lang)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try e.encode(reply), as: UTF8.self))
        return reply.ok ? 0 : 1
    }
}
