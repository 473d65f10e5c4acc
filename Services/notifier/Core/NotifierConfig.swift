import Contracts
import FoundationEssentials
import Runtime
import Wire

/// The fund's own facts that templates and letters show; from configuration, not code.
public struct FundSettings: Sendable, Equatable {
    public var name: String
    /// Postal address lines of the fund (sender block of letters).
    public var address: [String]
    public var supportDepartment: String
    public var supportPhone: String
    public var supportHours: String
    public var registrationURL: String
    public var portalURL: String

    public init(
        name: String = "Caisse de compensation",
        address: [String] = ["Caisse de compensation", "Case postale", "3001 Berne"],
        supportDepartment: String = "Contributions", supportPhone: String = "+41 31 390 23 25",
        supportHours: String = "7:30–16:00",
        registrationURL: String = "https://connect.example.ch/register",
        portalURL: String = "https://connect.example.ch"
    ) {
        self.name = name
        self.address = address
        self.supportDepartment = supportDepartment
        self.supportPhone = supportPhone
        self.supportHours = supportHours
        self.registrationURL = registrationURL
        self.portalURL = portalURL
    }

    /// The placeholders every template may use besides its own params.
    public var placeholders: [String: String] {
        [
            "fundName": name, "fundAddress": address.joined(separator: "\n"),
            "supportDepartment": supportDepartment, "supportPhone": supportPhone,
            "supportHours": supportHours, "registrationUrl": registrationURL, "portalUrl": portalURL,
        ]
    }

    public static let placeholderNames: Set<String> = Set(FundSettings().placeholders.keys)
}

/// Every `NOTIFIER_*` setting, read once at start-up; a bad value is a ConfigError.
public struct NotifierConfig: Sendable {
    public var fund: FundSettings
    /// The e-mail `From` (an address, or `Name <address>`).
    public var from: String
    public var outboxes: [Channel: OutboxSpec]
    /// The variable each channel's outbox came from (for start-up errors).
    public var outboxSettings: [Channel: String]
    public var httpTokenFile: String?
    public var httpTimeout: TimeInterval
    /// The libcurl that `http:` outboxes load (dlopen) when there is one.
    public var curlLibrary: String
    public var sendmailTimeout: TimeInterval
    public var maxAttempts: Int
    public var retryBase: TimeInterval
    public var retryMax: TimeInterval
    public var lease: TimeInterval
    public var workers: Int
    public var pollInterval: TimeInterval
    public var smsPerNumberPerHour: Int
    public var templateDirectory: String?
    public var retention: TimeInterval

    public init(environment env: Environment) throws {
        var fund = FundSettings()
        fund.name = env.string("NOTIFIER_FUND_NAME", default: fund.name)
        if let raw = env.optionalString("NOTIFIER_FUND_ADDRESS") {
            let lines = raw.replacing("\\n", with: "\n")
                .split(whereSeparator: { $0 == "|" || $0 == "\n" })
                .map { $0.trimmed(.spaces) }.filter { !$0.isEmpty }
            guard !lines.isEmpty else { throw ConfigError("NOTIFIER_FUND_ADDRESS", "no address lines") }
            fund.address = lines
        } else {
            fund.address = [fund.name, "Case postale", "3001 Berne"]
        }
        fund.supportDepartment = env.string("NOTIFIER_SUPPORT_DEPARTMENT", default: fund.supportDepartment)
        fund.supportPhone = env.string("NOTIFIER_SUPPORT_PHONE", default: fund.supportPhone)
        fund.supportHours = env.string("NOTIFIER_SUPPORT_HOURS", default: fund.supportHours)
        // The links point to the portal unless set on their own.
        var portal = env.string("CONNECT_PORTAL_URL", default: "http://127.0.0.1:8080")
        while portal.hasSuffix("/") { portal.removeLast() }
        fund.registrationURL = env.string("NOTIFIER_REGISTRATION_URL", default: portal + "/register")
        fund.portalURL = env.string("NOTIFIER_PORTAL_URL", default: portal)
        self.fund = fund
        from = env.string("NOTIFIER_FROM", default: "connect <noreply@connect.example.ch>")
        guard EmailAddress.address(in: from) != nil else {
            throw ConfigError("NOTIFIER_FROM", "'\(from)' has no e-mail address")
        }

        let fallback = env.string("NOTIFIER_OUTBOX", default: "file:./.connect/outbox")
        var outboxes: [Channel: OutboxSpec] = [:]
        var settings: [Channel: String] = [:]
        for channel in Channel.allCases {
            let name = "NOTIFIER_\(channel.rawValue.uppercased())_OUTBOX"
            let raw = env.string(name, default: fallback)
            let label = env.optionalString(name) == nil ? "NOTIFIER_OUTBOX" : name
            outboxes[channel] = try OutboxSpec(parsing: raw, for: channel, setting: label)
            settings[channel] = label
        }
        self.outboxes = outboxes
        outboxSettings = settings
        httpTokenFile = env.optionalString("NOTIFIER_HTTP_TOKEN_FILE")
        httpTimeout = try env.seconds("NOTIFIER_HTTP_TIMEOUT", default: 10)
        curlLibrary = env.string("NOTIFIER_CURL_LIBRARY", default: "libcurl.so.4")
        sendmailTimeout = try env.seconds("NOTIFIER_SENDMAIL_TIMEOUT", default: 30)
        maxAttempts = try env.int("NOTIFIER_MAX_ATTEMPTS", default: 8, range: 1...100)
        // Bounded, so that a slip of the keyboard (99999999999999999999) stops start-up
        // instead of overflowing the first date computed with it.
        retryBase = try env.seconds("NOTIFIER_RETRY_BASE", default: 30, atMost: 30 * 86400)
        retryMax = try env.seconds("NOTIFIER_RETRY_MAX", default: 3600, atMost: 30 * 86400)
        guard retryMax >= retryBase else {
            throw ConfigError("NOTIFIER_RETRY_MAX", "\(retryMax) s is below NOTIFIER_RETRY_BASE (\(retryBase) s)")
        }
        // Longer than any delivery may take, so a live worker never loses its claim.
        lease = try env.seconds("NOTIFIER_LEASE", default: 120, atMost: 86400)
        workers = try env.int("NOTIFIER_WORKERS", default: 4, range: 1...64)
        pollInterval = try env.seconds("NOTIFIER_POLL_INTERVAL", default: 1)
        smsPerNumberPerHour = try env.int("NOTIFIER_SMS_PER_NUMBER_PER_HOUR", default: 10, range: 1...1_000_000)
        retention = try env.seconds("NOTIFIER_RETENTION", default: 90 * 86400)
        templateDirectory = env.optionalString("NOTIFIER_TEMPLATE_DIR")
        if let dir = templateDirectory {
            var isDir = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir else {
                throw ConfigError("NOTIFIER_TEMPLATE_DIR", "'\(dir)' is not a directory")
            }
        }
    }
}

/// Where one channel delivers: `file:<dir>`, `sendmail:<program>`, `http:<url>`.
public enum OutboxSpec: Sendable, Equatable {
    case file(directory: String)
    case sendmail(program: [String])
    case http(url: URL)

    public init(parsing raw: String, for channel: Channel, setting: String) throws {
        // A trailing space (a copy-paste) would otherwise reach the gateway's URL or the path.
        guard raw.trimmed(.spacesAndNewlines) == raw else {
            throw ConfigError(setting, "has leading or trailing spaces")
        }
        guard let colon = raw.firstIndex(of: ":") else {
            throw ConfigError(setting, "'\(raw)' is not file:<dir>, sendmail:<program> or http:<url>")
        }
        let kind = raw[..<colon]
        let rest = String(raw[raw.index(after: colon)...])
        switch kind {
        case "file":
            guard !rest.isEmpty else { throw ConfigError(setting, "file: needs a directory") }
            self = .file(directory: rest)
        case "sendmail":
            let words = rest.split(separator: " ").map(String.init)
            guard words.first != nil else {
                throw ConfigError(setting, "sendmail: needs a program")
            }
            guard channel == .email else {
                throw ConfigError(setting, "sendmail: can only deliver e-mail, not \(channel.rawValue)")
            }
            self = .sendmail(program: words)
        case "http", "https":
            // The whole value after "http:" is the URL, e.g. http:https://gateway/send or http:http://…
            let text = kind == "https" ? raw : (rest.hasPrefix("//") ? "http:" + rest : rest)
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil
            else {
                throw ConfigError(setting, "has no valid http(s) URL")
            }
            if let port = url.port, !(1...65535).contains(port) {
                throw ConfigError(setting, "port \(port) is outside 1...65535")
            }
            self = .http(url: url)
        default:
            throw ConfigError(setting, "unknown outbox kind '\(kind)' (file, sendmail, http)")
        }
    }
}
