import Contracts
import Foundation
import Wire

/// The seed's user management (steps 5–20): list, detail, new (variant 1 and 2),
/// edit rights and state, export.
enum UserCommands {
    static func run(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        switch rest.first {
        case "list": return try list(cli)
        case "show": return try show(cli, rest)
        case "new": return try create(cli)
        case "confirm-phone": return try confirmPhone(cli, rest)
        case "edit": return try edit(cli, rest)
        case "export": return try export(cli)
        default: throw CLIError.usage("users list | show | new | confirm-phone | edit | export")
        }
    }

    /// The seed's sort names (name, -name) or the wire's (displayName, -displayName).
    static func sort(_ cli: CLI) throws -> UserSort? {
        guard let s = cli.args.value("sort") else { return nil }
        switch s {
        case "name": return .displayName
        case "-name": return .displayNameDescending
        default:
            // Refused as admin would refuse it.
            guard let sort = UserSort(rawValue: s) else {
                throw ServiceError(.badRequest, field: "sort", messageKey: .badRequestField)
            }
            return sort
        }
    }

    static func list(_ cli: CLI) throws -> Int32 {
        let a = cli.args
        let r = try cli.call(
            ServiceName.admin, UsersSearch.self,
            UsersSearch.Body(
                employer: try cli.employer(), text: a.value("text"), includeDisabled: a.has("all") ? true : nil,
                sort: try sort(cli), offset: a.value("offset").flatMap(Int.init),
                limit: a.value("limit").flatMap(Int.init)),
            authenticated: true)
        try cli.output(r) {
            Table.render(
                ["DISPLAY NAME", "E-MAIL", "LANG", "DEACTIVATED", "REFERENCE", "MFA", "REMARKS", "ID"],
                r.users.map {
                    [
                        $0.displayName, $0.email, $0.language, $0.disabled ? "x" : "", $0.reference, $0.mfa.rawValue,
                        $0.remarks, $0.userId,
                    ]
                }) + "\n" + Words.total(r.total, cli.lang)
        }
        return 0
    }

    /// A user id, or an e-mail address looked up in the current employer's list.
    static func resolve(_ cli: CLI, _ ref: String?) throws -> String {
        guard let ref, !ref.isEmpty else { throw CLIError.usage("USER (id or e-mail) is required") }
        guard ref.contains("@") else { return ref }
        let r = try cli.call(
            ServiceName.admin, UsersSearch.self,
            UsersSearch.Body(
                employer: try cli.employer(), text: ref, includeDisabled: true, limit: 50), authenticated: true)
        guard let u = r.users.first(where: { $0.email.lowercased() == ref.lowercased() }) else {
            throw ServiceError(.notFound, field: "user")
        }
        return u.userId
    }

    static func printDetail(_ cli: CLI, _ u: UserDetail) throws {
        try cli.output(u) {
            [
                ("Name", u.displayName), ("E-mail", u.email), ("Language", u.language.rawValue),
                ("State", u.state.rawValue),
                ("Deactivated", u.disabled ? "yes" : "no"), ("Blocked until", u.lockedUntil ?? "-"),
                ("Phone", u.phone ?? "-"), ("MFA", u.mfa.rawValue), ("connect admin", u.admin ? "yes" : "no"),
                ("Themes", u.themes.joined(separator: ", ")), ("Remarks", u.remarks), ("Id", u.userId),
            ]
            .map { "\($0.0.padding(toLength: 14, withPad: " ", startingAt: 0))\($0.1)" }.joined(separator: "\n")
        }
    }

    static func show(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let id = try resolve(cli, rest.dropFirst().first)
        let r = try cli.call(
            ServiceName.admin, UsersGet.self, UsersGet.Body(employer: try cli.employer(), userId: id),
            authenticated: true)
        try printDetail(cli, r.user)
        return 0
    }

    static func list(_ value: String?) -> [String]? {
        value.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    static func create(_ cli: CLI) throws -> Int32 {
        let a = cli.args
        let employer = try cli.employer()
        let body = UsersCreate.Body(
            employer: employer, email: try Terminal.value(a, "email", prompt: "E-mail: "),
            firstName: try Terminal.value(a, "first-name", prompt: "Prénom / first name: "),
            lastName: try Terminal.value(a, "last-name", prompt: "Nom / last name: "),
            language: Language(lenient: try Terminal.value(a, "language", prompt: "Langue (fr/de/it/en): ")),
            admin: a.has("admin") ? true : nil, themes: list(a.value("themes")), phone: a.value("phone"))
        let r = try cli.call(ServiceName.admin, UsersCreate.self, body, authenticated: true)
        // Variant 1: the new user reads the SMS code from their phone; the admin types it.
        if r.state == .pendingPhone {
            if let code = a.value("sms-code") ?? (Terminal.isInteractive ? Terminal.ask("Code SMS: ") : nil) {
                let c = try cli.call(
                    ServiceName.admin, UsersConfirmPhone.self,
                    UsersConfirmPhone.Body(employer: employer, userId: r.userId, smsCode: code), authenticated: true)
                try cli.output(UsersCreate.Reply(userId: r.userId, state: c.state)) {
                    "\(r.userId)  \(c.state.rawValue)"
                }
                return 0
            }
            cli.note("next: connectctl users confirm-phone \(r.userId) --sms-code C")
        }
        try cli.output(r) { "\(r.userId)  \(r.state.rawValue)" }
        return 0
    }

    static func confirmPhone(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let id = try resolve(cli, rest.dropFirst().first)
        let code = try Terminal.value(cli.args, "sms-code", prompt: "Code SMS: ")
        let r = try cli.call(
            ServiceName.admin, UsersConfirmPhone.self,
            UsersConfirmPhone.Body(employer: try cli.employer(), userId: id, smsCode: code), authenticated: true)
        try cli.output(r) { r.state.rawValue }
        return 0
    }

    static func edit(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let a = cli.args
        let employer = try cli.employer()
        let id = try resolve(cli, rest.dropFirst().first)
        var themes = list(a.value("themes"))
        if a.value("add-themes") != nil || a.value("remove-themes") != nil {
            let current = try cli.call(
                ServiceName.admin, UsersGet.self, UsersGet.Body(employer: employer, userId: id),
                authenticated: true
            ).user.themes
            var set = themes ?? current
            for t in list(a.value("add-themes")) ?? [] where !set.contains(t) { set.append(t) }
            set.removeAll { (list(a.value("remove-themes")) ?? []).contains($0) }
            themes = set
        }
        if a.has("disable") && a.has("enable") { throw CLIError.usage("--disable or --enable, not both") }
        if a.has("admin") && a.has("no-admin") { throw CLIError.usage("--admin or --no-admin, not both") }
        let body = UsersUpdate.Body(
            employer: employer, userId: id, firstName: a.value("first-name"), lastName: a.value("last-name"),
            language: a.value("language").map { Language(lenient: $0) }, phone: a.value("phone"),
            disabled: a.has("disable") ? true : (a.has("enable") ? false : nil),
            lockedUntil: a.value("blocked-until"), clearLockout: a.has("unblock"),
            admin: a.has("admin") ? true : (a.has("no-admin") ? false : nil), themes: themes)
        let r = try cli.call(ServiceName.admin, UsersUpdate.self, body, authenticated: true)
        try printDetail(cli, r.user)
        // A new phone is in force only with the code it received (as variant 1).
        if r.next == .confirmPhone {
            if let code = a.value("sms-code") ?? (Terminal.isInteractive ? Terminal.ask("Code SMS: ") : nil) {
                let c = try cli.call(
                    ServiceName.admin, UsersConfirmPhone.self,
                    UsersConfirmPhone.Body(employer: employer, userId: id, smsCode: code), authenticated: true)
                cli.note("phone confirmed: \(c.state.rawValue)")
            } else {
                cli.note("next: connectctl users confirm-phone \(id) --sms-code C")
            }
        }
        return 0
    }

    static func export(_ cli: CLI) throws -> Int32 {
        let a = cli.args
        guard let format: ExportFormat = a.has("pdf") ? .pdf : (a.has("xlsx") ? .xlsx : nil) else {
            throw CLIError.usage("users export (--pdf | --xlsx) -o FILE")
        }
        let r = try cli.call(
            ServiceName.admin, UsersExport.self,
            UsersExport.Body(
                employer: try cli.employer(), format: format, text: a.value("text"),
                includeDisabled: a.has("all") ? true : nil, sort: try sort(cli)), authenticated: true)
        guard let data = Data(base64Encoded: r.contentBase64) else { throw CLIError.failed("the export is not base64") }
        let path = a.value("o") ?? a.value("output") ?? r.filename
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw CLIError.failed("cannot write \(path)")
        }
        struct Out: Encodable {
            var file: String
            var mediaType: String
            var bytes: Int
        }
        try cli.output(Out(file: path, mediaType: r.mediaType, bytes: data.count)) {
            "\(path)  \(r.mediaType)  \(data.count) bytes"
        }
        return 0
    }
}
