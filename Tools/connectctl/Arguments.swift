import Foundation

/// Command-line arguments: positional words and `--flag value` / `--flag=value` /
/// boolean `--flag` options. Which options take a value is declared by the caller.
struct Arguments {
    var positional: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    /// Options that take a value; everything else starting with `--` is a boolean flag.
    static let valued: Set<String> = [
        "lang", "session", "text", "sort", "offset", "limit", "employer", "email", "first-name", "last-name",
        "language", "phone", "password", "access-code", "activation-code", "sms-code", "reset-code",
        "new-password", "name", "street", "postcode", "city", "number", "o", "output", "themes",
        "add-themes", "remove-themes", "blocked-until", "user", "dir", "count", "alias", "service", "channel", "to",
        "until",
    ]

    init(_ raw: [String]) throws {
        var i = 0
        while i < raw.count {
            let a = raw[i]
            if a == "--" {
                positional += raw[(i + 1)...]
                break
            }
            if a.hasPrefix("--") || (a.hasPrefix("-") && a.count == 2 && a != "-") {
                var name = String(a.drop(while: { $0 == "-" }))
                var value: String?
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if name == "h" { name = "help" }
                if Self.valued.contains(name) {
                    if value == nil {
                        i += 1
                        guard i < raw.count else { throw CLIError.usage("--\(name) needs a value") }
                        value = raw[i]
                    }
                    options[name] = value
                } else {
                    if value != nil { throw CLIError.usage("--\(name) takes no value") }
                    flags.insert(name)
                }
            } else {
                positional.append(a)
            }
            i += 1
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func value(_ name: String) -> String? { options[name] }
}

/// A failure of the command itself (not of a service): printed as one line, exit 2.
enum CLIError: Error {
    case usage(String)
    case failed(String)
}
