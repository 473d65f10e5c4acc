import Contracts
import Foundation
import Wire

/// An employer asks the owner of an existing account to act for it: the
/// invitations waiting for the signed-in person, and their answer.
enum InvitationCommands {
    static let help = """
        connectctl invitations [list]          employers waiting for your consent
        connectctl invitations accept NUMBER   act for this employer with the rights it offered
        connectctl invitations decline NUMBER  it no longer lists you
        """

    static func run(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        switch rest.first ?? "list" {
        case "list":
            let r = try cli.call(ServiceName.admin, InvitationsList.self, Empty(), authenticated: true)
            try cli.output(r) {
                Table.render(
                    ["NUMBER", "EMPLOYER", "ADMIN", "THEMES", "SINCE"],
                    r.invitations.map {
                        [
                            $0.employer, $0.name, $0.admin ? "yes" : "no", $0.themes.joined(separator: ", "),
                            $0.invitedAt,
                        ]
                    })
            }
        case let word where rest.count == 2 && InvitationAnswer(rawValue: word) != nil:
            let r = try cli.call(
                ServiceName.admin, InvitationsAnswer.self,
                .init(employer: rest[1], answer: InvitationAnswer(rawValue: word)!), authenticated: true)
            try cli.output(r) { "\(r.employer)  \(r.answer.rawValue)" }
        default:
            throw CLIError.usage("invitations list | accept NUMBER | decline NUMBER")
        }
        return 0
    }
}
