import Contracts
import Foundation
import Wire

/// Fund staff: create employers, send their invitation, list them.
enum EmployerCommands {
    static func run(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let a = cli.args
        switch rest.first {
        case "create":
            let body = EmployerCreate.Body(
                number: try Terminal.value(a, "number", prompt: "Number: "),
                name: try Terminal.value(a, "name", prompt: "Name: "),
                street: try Terminal.value(a, "street", prompt: "Street: "),
                postcode: try Terminal.value(a, "postcode", prompt: "Postcode: "),
                city: try Terminal.value(a, "city", prompt: "City: "),
                language: Language(lenient: try Terminal.value(a, "language", prompt: "Language (fr/de/it/en): ")))
            let reply = try cli.call(ServiceName.admin, EmployerCreate.self, body)
            try cli.output(reply) { "\(reply.employer.number)  \(reply.employer.name)" }
        case "invite":
            let number = try Terminal.value(a, "number", prompt: "Number: ")
            let delivery: InvitationDelivery
            if a.has("letter") {
                delivery = .letter
            } else if a.value("email") != nil {
                delivery = .email
            } else {
                throw CLIError.usage("employer invite --number N (--letter | --email ADDRESS)")
            }
            let reply = try cli.call(
                ServiceName.admin, EmployerInvite.self,
                EmployerInvite.Body(number: number, delivery: delivery, email: a.value("email")))
            try cli.output(reply) { "\(number): \(delivery.rawValue) → \(reply.expiresAt)" }
        case "list":
            let reply = try cli.call(
                ServiceName.admin, EmployerList.self,
                EmployerList.Body(
                    text: a.value("text"), offset: a.value("offset").flatMap(Int.init),
                    limit: a.value("limit").flatMap(Int.init)))
            try cli.output(reply) {
                Table.render(
                    ["NUMBER", "NAME", "ADDRESS", "LANG", "STATUS"],
                    reply.employers.map {
                        [
                            $0.number, $0.name,
                            [$0.street, [$0.postcode, $0.city].compactMap { $0 }.joined(separator: " ")]
                                .compactMap { $0 }.joined(separator: ", "), $0.language?.rawValue ?? "",
                            $0.status?.rawValue ?? "",
                        ]
                    }) + "\n" + Words.total(reply.total, cli.lang)
            }
        default:
            throw CLIError.usage("employer create | invite | list")
        }
        return 0
    }
}
