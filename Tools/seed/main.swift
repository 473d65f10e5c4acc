import AdminCore
import Foundation
import Runtime
import Wire

// connect-seed: loads employers and users straight into admin's SQLite file
// (through AdminStore, one transaction per batch), for benchmarks and demos.
//
//   connect-seed --data-dir ./.connect/data --employers 10000 --users 100000 [--big 500]
//
// The first employer (1000.000) gets `--big` users (a large client, what the
// search benchmark uses); the others share the rest evenly. Each employer's
// first user is its connect administrator with every theme. Account ids are
// deterministic (`acc_seed_<n>`) so a benchmark can give them sessions.

struct Options {
    var dataDir = "./.connect/data"
    var employers = 10_000
    var users = 100_000
    var big = 500
}

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(
        Data(
            """
            connect-seed: \(problem)
            usage: connect-seed [--data-dir DIR] [--employers N] [--users N] [--big N]

            """.utf8))
    exit(2)
}

func parse(_ args: [String]) -> Options {
    var o = Options()
    var i = 0
    while i < args.count {
        let flag = args[i]
        guard i + 1 < args.count else { usage("\(flag) needs a value") }
        let value = args[i + 1]
        func number() -> Int {
            guard let n = Int(value), n >= 0 else { usage("\(flag): '\(value)' is not a whole number") }
            return n
        }
        switch flag {
        case "--data-dir": o.dataDir = value
        case "--employers": o.employers = number()
        case "--users": o.users = number()
        case "--big": o.big = number()
        default: usage("unknown option \(flag)")
        }
        i += 2
    }
    guard o.employers >= 1, o.employers <= 9_000_000 else { usage("--employers must be 1…9000000") }
    guard o.users >= o.employers else { usage("--users must be at least --employers (one admin each)") }
    o.big = min(o.big, o.users - (o.employers - 1))
    return o
}

let firstNames = [
    "Gilbert", "Léa", "Anna", "Zoé", "Jürg", "Chloé", "Marco", "Noël", "Sabine", "François",
    "Ursula", "Hélène", "Luca", "Mélanie", "Reto", "Käthi", "Giulia", "René", "Beat", "Agnès",
]
let lastNames = [
    "Modèle", "Müller", "Zürcher", "Émery", "Favre", "Rossi", "Schnyder", "Gfeller", "Dubois",
    "Bärtschi", "Crettaz", "Lüthi", "Perrin", "Bianchi", "Häberli", "Joliat", "Sutter", "Rochat",
    "Keller", "Gschwind",
]
let languages: [Language] = [.fr, .de, .it, .en]

/// 0 → 1000.000, 1 → 1000.001, … 999 → 1000.999, 1000 → 1001.000
func employerNumber(_ i: Int) -> String { "\(1000 + i / 1000).\(String(format: "%03d", i % 1000))" }

let options = parse(Array(CommandLine.arguments.dropFirst()))
let started = monotonicSeconds()
let store: AdminStore
do {
    store = try AdminStore(dataDir: options.dataDir, durability: .normal)
    let existing = try store.db.read { try $0.scalar("SELECT count(*) FROM employers").int ?? 0 }
    if existing > 0 {
        usage("\(options.dataDir)/admin.sqlite already has \(existing) employers; use an empty data dir")
    }
} catch {
    usage("cannot open \(options.dataDir)/admin.sqlite: \(error)")
}

// Users per employer: the big one first, the rest spread evenly.
let rest = options.users - options.big
let others = options.employers - 1
func usersOf(_ e: Int) -> Int {
    if e == 0 { return options.big }
    return rest / others + ((e - 1) < rest % others ? 1 : 0)
}

let allThemes = ["accounting", "salaries", "familyAllowances", "lossOfEarnings", "affiliation", "documents"]
let now = Date()
var account = 0
var employer = 0
let batch = 200
do {
    while employer < options.employers {
        try store.db.write { conn in
            for e in employer..<min(options.employers, employer + batch) {
                let number = employerNumber(e)
                let name = "\(lastNames[e % lastNames.count]) \(["SA", "AG", "Sàrl", "GmbH"][e % 4]) \(e)"
                try store.insertEmployer(
                    conn,
                    EmployerRecord(
                        number: number, name: name, street: "Rue d'Exemple \(e % 90 + 1)",
                        postcode: String(1000 + e % 8000), city: "Ville modèle",
                        language: languages[e % 4]), now: now)
                for k in 0..<usersOf(e) {
                    let id = "acc_seed_\(account)"
                    let first = firstNames[account % firstNames.count]
                    let last = lastNames[(account / firstNames.count) % lastNames.count]
                    let user = UserRecord(
                        accountId: id, email: "user\(account)@m\(e).example.ch",
                        name: PersonName(first: first, last: last),
                        language: languages[account % 4], mfa: account % 5 == 4 ? .notEnrolled : .sms,
                        state: account % 5 == 4 ? .invited : .active)
                    try store.saveUser(conn, user, now: now)
                    let admin = k == 0
                    try store.saveMembership(
                        conn,
                        Membership(
                            employer: number, accountId: id, admin: admin,
                            themes: admin ? allThemes : Array(allThemes.prefix(account % 4)),
                            disabled: !admin && account % 17 == 0,
                            reference: admin ? (EmployerNumber(number)?.reference ?? "") : ""), now: now)
                    account += 1
                }
            }
        }
        employer = min(options.employers, employer + batch)
    }
} catch {
    FileHandle.standardError.write(Data("connect-seed: \(error)\n".utf8))
    exit(1)
}
store.db.close()
let seconds = monotonicSeconds() - started
print(
    """
    connect-seed: \(options.employers) employers, \(account) users (\(account) memberships) in \
    \(options.dataDir)/admin.sqlite, \(String(format: "%.1f", seconds)) s
    big employer: \(employerNumber(0)) with \(options.big) users; its admin: acc_seed_0 (user0@m0.example.ch)
    every employer's first user is its admin; account ids acc_seed_0…acc_seed_\(account - 1)
    """)
