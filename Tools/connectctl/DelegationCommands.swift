import Contracts
import Foundation
import Wire

/// "Paramètres de délégation" (an admin grants an outside person access to the
/// current employer) and the person's own mandant settings (alias, default, search).
enum DelegationCommands {
    static let help = """
        connectctl delegations [list]                              the current employer's delegations
        connectctl delegations grant --email E --themes a,b [--until 2026-12-31]
                   [--first-name F --last-name L --language L]     (names: when the person has no account yet)
        connectctl delegations revoke DELEGATION-ID
        connectctl mandants search TEXT | alias NUMBER [ALIAS] | default NUMBER
        (grant needs a recent password proof: connectctl reauth)
        """

    static func run(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let a = cli.args
        let employer = try cli.employer()
        switch rest.first ?? "list" {
        case "list":
            let r = try cli.call(
                ServiceName.admin, DelegationsList.self, .init(employer: employer), authenticated: true)
            try cli.output(r) { table(r.delegations) }
        case "grant":
            let email = try Terminal.value(a, "email", prompt: "E-mail: ")
            let themes = (a.value("themes") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let language = try a.value("language").map { raw -> Language in
                guard let l = Language(rawValue: raw.lowercased()) else {
                    throw CLIError.usage("--language fr|de|it|en")
                }
                return l
            }
            let r = try cli.call(
                ServiceName.admin, DelegationsGrant.self,
                .init(
                    employer: employer, email: email, themes: themes, endsAt: a.value("until"),
                    firstName: a.value("first-name"), lastName: a.value("last-name"), language: language),
                authenticated: true)
            try cli.output(r) { table([r.delegation]) }
        case "revoke":
            guard rest.count == 2 else { throw CLIError.usage("delegations revoke DELEGATION-ID") }
            let r = try cli.call(
                ServiceName.admin, DelegationsRevoke.self, .init(employer: employer, delegationId: rest[1]),
                authenticated: true)
            try cli.output(r) { table([r.delegation]) }
        default:
            throw CLIError.usage("delegations list | grant | revoke")
        }
        return 0
    }

    static func table(_ list: [DelegationInfo]) -> String {
        Table.render(
            ["ID", "PERSON", "E-MAIL", "THEMES", "UNTIL", "STATE"],
            list.map {
                [
                    $0.delegationId, $0.displayName, $0.email, $0.themes.joined(separator: ", "), $0.endsAt ?? "-",
                    $0.state,
                ]
            })
    }

    /// `mandants search|alias|default`; nil for the other `mandants` forms.
    static func mandantSettings(_ cli: CLI, _ rest: [String]) throws -> Int32? {
        let body: MandantsUpdate.Body
        switch rest.first {
        case "search":
            let text = rest.dropFirst().joined(separator: " ")
            let r = try cli.call(
                ServiceName.admin, MandantsSearch.self, .init(text: text.isEmpty ? nil : text),
                authenticated: true)
            try cli.output(r) { mandantTable(r.mandants) }
            return 0
        case "alias":
            guard rest.count >= 2 else { throw CLIError.usage("mandants alias NUMBER [ALIAS]") }
            body = .init(employer: rest[1], alias: rest.dropFirst(2).joined(separator: " "))
        case "default":
            guard rest.count == 2 else { throw CLIError.usage("mandants default NUMBER") }
            body = .init(employer: rest[1], isDefault: true)
        default:
            return nil
        }
        let r = try cli.call(ServiceName.admin, MandantsUpdate.self, body, authenticated: true)
        try cli.output(r) { mandantTable(r.mandants) }
        return 0
    }

    static func mandantTable(_ list: [MandantEntry]) -> String {
        Table.render(
            ["DEFAULT", "NUMBER", "NAME", "ALIAS", "ADMIN", "DELEGATED", "THEMES"],
            list.map {
                [
                    $0.isDefault ? "*" : "", $0.number, $0.name, $0.alias, $0.admin ? "yes" : "no",
                    $0.delegated ? ($0.delegationEndsAt ?? "yes") : "", $0.themes.joined(separator: ", "),
                ]
            })
    }
}
