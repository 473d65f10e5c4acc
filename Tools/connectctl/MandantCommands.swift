import Contracts
import Foundation
import Wire

/// The employers a person acts for, the themes catalogue, the audit trail.
enum MandantCommands {
    static func mandants(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let me = try cli.call(ServiceName.admin, AdminMe.self, Empty(), authenticated: true)
        if rest.first == "use" {
            guard rest.count == 2 else { throw CLIError.usage("mandants use NUMBER") }
            guard me.mandants.contains(where: { $0.number == rest[1] }) else {
                throw ServiceError(.notFound, field: "employer")
            }
            guard var saved = cli.state.loadSession() else { throw CLIError.failed(Words.notLoggedIn.in(cli.lang)) }
            saved.employer = rest[1]
            try cli.state.saveSession(saved)
        }
        let current = cli.state.loadSession()?.employer
        try cli.output(me) {
            "\(me.user.displayName) <\(me.user.email)>\n"
                + Table.render(
                    ["", "NUMBER", "NAME", "ADMIN", "THEMES"],
                    me.mandants.map {
                        [
                            $0.number == current ? "*" : "", $0.number, $0.name, $0.admin ? "yes" : "no",
                            $0.themes.joined(separator: ", "),
                        ]
                    })
        }
        return 0
    }

    static func themes(_ cli: CLI) throws -> Int32 {
        let r = try cli.call(ServiceName.admin, ThemesList.self, Empty(), authenticated: cli.state.loadSession() != nil)
        try cli.output(r) {
            Table.render(["KEY", "NAME", "DESCRIPTION"], r.themes.map { [$0.key, $0.name, $0.description] })
        }
        return 0
    }

    static func audit(_ cli: CLI) throws -> Int32 {
        let a = cli.args
        let r = try cli.call(
            ServiceName.admin, AuditSearch.self,
            AuditSearch.Body(
                employer: try cli.employer(), offset: a.value("offset").flatMap(Int.init),
                limit: a.value("limit").flatMap(Int.init)), authenticated: true)
        func short(_ v: JSONValue?) -> String {
            guard let v, let d = try? JSONCoding.encode(v) else { return "" }
            return String(decoding: d, as: UTF8.self)
        }
        try cli.output(r) {
            Table.render(
                ["AT", "ACTOR", "ACTION", "TARGET", "BEFORE → AFTER"],
                r.entries.map {
                    [$0.at, $0.actor, $0.action.rawValue, $0.target, "\(short($0.before)) → \(short($0.after))"]
                }) + "\n" + Words.total(r.total, cli.lang)
        }
        return 0
    }
}
