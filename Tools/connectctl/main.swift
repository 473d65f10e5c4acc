import Foundation
import Wire

// connectctl: walks connect's flows against the real services over their sockets.
// Exit 0 only on success; a service's refusal prints its message (in --lang) and
// exits 1; a usage error exits 2.

let usage = """
    usage: connectctl COMMAND [options]   (every command: --help, --json, --lang fr|de|it|en)

    ops:      health [--service S] | call SERVICE TYPE [JSON-BODY] [--session T] | outbox [--count N] [--dir D]
    staff:    employer create --number N --name X --street S --postcode P --city C --language L
              employer invite --number N (--letter | --email ADDRESS) | employer list [--text T]
    people:   register | login | logout | password forgot | password reset
    admins:   users list [--text T] [--all] [--sort name|-name|email|-email] | users show USER
              users new --email E --first-name F --last-name L --language L [--phone P] [--admin] [--themes a,b]
              users confirm-phone USER --sms-code C
              users edit USER [--first-name --last-name --language --phone [--sms-code C] --admin|--no-admin
                               --themes a,b --add-themes a --remove-themes b --disable|--enable --unblock]
              users export (--pdf | --xlsx) -o FILE [--text T] [--all] [--sort S]
              mandants [use NUMBER] | themes | audit [--offset N --limit N]
    profile:  profile [show | language L | password | phone | email] | reauth | logout-all
    mandants: mandants search TEXT | alias NUMBER [ALIAS] | default NUMBER
              delegations [list] | delegations grant --email E --themes a,b [--until DATE] | delegations revoke ID
              invitations [list] | invitations accept NUMBER | invitations decline NUMBER
    USER is a user id or an e-mail address. Sockets: $CONNECT_RUN_DIR (default ./.connect/run).
    """

let help: [String: String] = [
    "health":
        "connectctl health [--service identity|notifier|admin] — the three services (or one) as a table; exit 1 if one is down.",
    "call":
        "connectctl call SERVICE TYPE [JSON-BODY] [--session T] — sends one message, prints the reply; exit 1 on an error reply.",
    "employer": """
    connectctl employer create --number 1283.220 --name "Modèle SA" --street "Rue d'Exemple" --postcode 0000 --city "Ville modèle" --language fr
    connectctl employer invite --number 1283.220 --letter | --email ADDRESS
    connectctl employer list [--text T]
    (fund staff only: your uid must be in CONNECT_STAFF_UIDS)
    """,
    "register": """
    connectctl register — registration with the access code of the fund's letter.
    Interactive: asks for each step. Scriptable: give what you know; it resumes where it stopped:
      --access-code C   --email E   --activation-code C
      --first-name F --last-name L --language fr|de|it|en --password P --accept-terms
      --phone P   --sms-code C      (--attach after logging in, when the e-mail already has an account)
    """,
    "login": """
    connectctl login [--email E --password P] [--phone P] [--sms-code C]
    Password without echo when asked; then the SMS code. Resumes a pending login with --sms-code.
    The session is kept in $CONNECT_SESSION_FILE or $XDG_CONFIG_HOME/connect/session.json (mode 0600).
    """,
    "logout": "connectctl logout — ends the session.",
    "password": """
    connectctl password forgot --email E
    connectctl password reset --email E --reset-code C [--new-password P]
    """,
    "users": usage,
    "mandants": "connectctl mandants [use NUMBER] — the employers you act for; `use` chooses the current one.",
    "themes": "connectctl themes — the portal themes (rights), in --lang.",
    "audit": "connectctl audit [--offset N --limit N] — the audit trail of the current employer.",
    "profile": ProfileCommands.help,
    "delegations": DelegationCommands.help,
    "invitations": InvitationCommands.help,
    "reauth": ProfileCommands.help,
    "logout-all": ProfileCommands.help,
    "outbox":
        "connectctl outbox [--count N] [--dir D] [--channel email|sms|letter] [--to ADDRESS] [--code] — the last e-mails, SMS and letters of the local file outbox; --code prints only the newest code.",
]

func run() -> Int32 {
    let raw = Array(CommandLine.arguments.dropFirst())
    let args: Arguments
    do { args = try Arguments(raw) } catch CLIError.usage(let m) {
        FileHandle.standardError.write(Data("connectctl: \(m)\n".utf8))
        return 2
    } catch { return 2 }
    guard let command = args.positional.first else {
        print(usage)
        return args.has("help") ? 0 : 2
    }
    if args.has("help") {
        print(help[command] ?? usage)
        return 0
    }
    let cli = CLI(args)
    let rest = Array(args.positional.dropFirst())
    do {
        switch command {
        case "health": return try OpsCommands.health(cli)
        case "call": return try OpsCommands.call(cli, rest)
        case "outbox": return try OutboxCommand.run(cli)
        case "employer": return try EmployerCommands.run(cli, rest)
        case "register": return try RegisterCommand.run(cli)
        case "login": return try LoginCommands.login(cli)
        case "logout": return try LoginCommands.logout(cli)
        case "password": return try LoginCommands.password(cli, rest)
        case "users": return try UserCommands.run(cli, rest)
        case "mandants": return try DelegationCommands.mandantSettings(cli, rest) ?? MandantCommands.mandants(cli, rest)
        case "themes": return try MandantCommands.themes(cli)
        case "audit": return try MandantCommands.audit(cli)
        case "profile": return try ProfileCommands.profile(cli, rest)
        case "reauth": return try ProfileCommands.reauth(cli)
        case "logout-all": return try ProfileCommands.logoutAll(cli)
        case "delegations": return try DelegationCommands.run(cli, rest)
        case "invitations": return try InvitationCommands.run(cli, rest)
        default:
            FileHandle.standardError.write(
                Data("connectctl: \(Words.unknownCommand.in(cli.lang)) \(command)\n\(usage)\n".utf8))
            return 2
        }
    } catch let e as ServiceError {
        var line = "connectctl: \(e.code.rawValue): \(e.message(cli.lang))"
        if let f = e.field { line += " (\(f))" }
        if e.code == .unavailable, e.remoteMessage == nil, let d = e.detail { line += " — \(d)" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        return 1
    } catch CLIError.usage(let m) {
        FileHandle.standardError.write(Data("connectctl: \(m)\n".utf8))
        return 2
    } catch CLIError.failed(let m) {
        FileHandle.standardError.write(Data("connectctl: \(m)\n".utf8))
        return 1
    } catch {
        FileHandle.standardError.write(Data("connectctl: \(error)\n".utf8))
        return 1
    }
}

exit(run())
