import Contracts
import FoundationEssentials
import Runtime
import Wire

/// What a template is: its channels and the params every sender must pass.
public struct TemplateSpec: Sendable, Equatable {
    public var name: String
    public var channels: [Channel]
    public var params: [String]
}

/// One template file: `Key: value` header lines (e-mails: `Subject:`; letters:
/// their labels) up to the first blank line, then the body. SMS files are body only.
public struct TemplateFile: Sendable, Equatable {
    public var headers: [String: String]
    public var body: String

    public static func parse(_ text: String, hasHeaders: Bool) -> TemplateFile {
        let normalized = text.replacing("\r\n", with: "\n")
        guard hasHeaders else {
            return TemplateFile(headers: [:], body: normalized.trimmed(.spacesAndNewlines))
        }
        var headers: [String: String] = [:]
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.first, !line.trimmed(.spaces).isEmpty {
            lines = lines.dropFirst()
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon]).trimmed(.spaces)] =
                String(line[line.index(after: colon)...]).trimmed(.spaces)
        }
        let body = lines.joined(separator: "\n").trimmed(.spacesAndNewlines)
        return TemplateFile(headers: headers, body: body)
    }

    /// Every `{{name}}` used in headers and body.
    public var placeholders: Set<String> {
        Placeholders.names(in: body).union(headers.values.flatMap { Placeholders.names(in: $0) })
    }
}

/// The template files (`Templates/<channel>/<name>.<lang>.txt`), loaded once at
/// start-up from the bundle or `NOTIFIER_TEMPLATE_DIR`. A missing file for a
/// declared template, channel and language stops start-up.
public final class TemplateCatalog: Sendable {
    /// The templates every sender uses (Shared/Contracts/NotifierMessages.swift, TemplateName).
    public static let specs: [TemplateSpec] = [
        TemplateSpec(
            name: TemplateName.invitation, channels: [.letter, .email],
            params: ["code", "employerName", "employerNumber"]),
        TemplateSpec(name: TemplateName.emailActivation, channels: [.email], params: ["code"]),
        TemplateSpec(name: TemplateName.smsEnrolment, channels: [.sms], params: ["code"]),
        TemplateSpec(name: TemplateName.smsLogin, channels: [.sms], params: ["code"]),
        TemplateSpec(
            name: TemplateName.welcomeInvited, channels: [.email],
            params: ["firstName", "lastName", "employerName"]),
        TemplateSpec(
            name: TemplateName.welcomeActive, channels: [.email],
            params: ["firstName", "lastName", "employerName"]),
        TemplateSpec(name: TemplateName.passwordReset, channels: [.email], params: ["code"]),
        TemplateSpec(name: TemplateName.passwordChanged, channels: [.email], params: ["firstName"]),
        TemplateSpec(name: TemplateName.accountDeactivated, channels: [.email], params: ["firstName", "employerName"]),
        // The profile and delegation flows (Shared/Contracts/ProfileMessages.swift).
        TemplateSpec(name: TemplateName.phoneChanged, channels: [.sms, .email], params: ["maskedPhone"]),
        TemplateSpec(name: TemplateName.emailChange, channels: [.email], params: ["code", "firstName"]),
        TemplateSpec(name: TemplateName.emailChanged, channels: [.email], params: ["firstName"]),
        TemplateSpec(
            name: TemplateName.delegationGranted, channels: [.email],
            params: ["firstName", "employerName", "employerNumber"]),
        TemplateSpec(
            name: TemplateName.membershipConsent, channels: [.email],
            params: ["firstName", "employerName", "employerNumber"]),
    ]

    public let directory: URL
    private let files: [String: TemplateFile]

    /// The templates shipped with the notifier: `templates/` next to the executable (the
    /// image copies them there), or, for a program in this package's own `.build` tree
    /// (make run, the tests), the sources' `Templates`; nil otherwise (start-up says what
    /// to do). Plain files rather than a SwiftPM resource bundle, whose generated
    /// accessor would link all of Foundation into the notifier.
    public static var shippedDirectory: URL? {
        guard let programs = ProgramFiles.directory else { return nil }
        // …/Services/notifier/Core, resolved like /proc/self/exe is (a symlinked checkout).
        let core = ProgramFiles.resolved(PathParts(PathParts(#filePath).directory).directory)
        let package = PathParts(PathParts(PathParts(core).directory).directory).directory
        let candidates =
            [programs + "/templates"] + (programs.hasPrefix(package + "/.build/") ? [core + "/Templates"] : [])
        return candidates.first { FileManager.default.fileExists(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    public init(directory: URL) throws {
        self.directory = directory
        var files: [String: TemplateFile] = [:]
        for spec in Self.specs {
            for channel in spec.channels {
                for language in Language.allCases {
                    let url = Self.fileURL(directory, spec.name, channel, language)
                    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                        throw ConfigError("NOTIFIER_TEMPLATE_DIR", "missing template \(url.path)")
                    }
                    files[Self.key(spec.name, channel, language)] = TemplateFile.parse(
                        text, hasHeaders: channel != .sms)
                }
            }
        }
        self.files = files
    }

    public convenience init(configuredDirectory: String?) throws {
        if let dir = configuredDirectory {
            try self.init(directory: URL(fileURLWithPath: dir))
        } else if let shipped = Self.shippedDirectory {
            try self.init(directory: shipped)
        } else {
            throw ConfigError(
                "NOTIFIER_TEMPLATE_DIR",
                "the templates are not next to the executable (templates/); "
                    + "ship them with the binary or set NOTIFIER_TEMPLATE_DIR to a copy of them")
        }
    }

    static func fileURL(_ dir: URL, _ name: String, _ channel: Channel, _ language: Language) -> URL {
        dir.appendingPathComponent(channel.rawValue).appendingPathComponent("\(name).\(language.rawValue).txt")
    }

    private static func key(_ name: String, _ channel: Channel, _ language: Language) -> String {
        "\(channel.rawValue)/\(name).\(language.rawValue)"
    }

    public func spec(_ name: String) -> TemplateSpec? { Self.specs.first { $0.name == name } }

    public func file(_ name: String, channel: Channel, language: Language) -> TemplateFile? {
        files[Self.key(name, channel, language)]
    }

    /// The `notifier.templates` reply.
    public var descriptions: [NotifierTemplates.Template] {
        Self.specs.map {
            NotifierTemplates.Template(
                name: $0.name, channels: $0.channels.map(\.rawValue),
                languages: Language.allCases.map(\.rawValue), params: $0.params)
        }
    }
}

/// `{{name}}` substitution. A placeholder without a value is an error, never a
/// silently empty hole in a letter.
public enum Placeholders {
    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "template placeholder {{\(name)}} has no value" }
    }

    public static func names(in text: String) -> Set<String> {
        var out = Set<String>()
        scan(text) { piece in if case .placeholder(let name) = piece { out.insert(name) } }
        return out
    }

    public static func fill(
        _ text: String, _ values: [String: String],
        escape: (String) -> String = { $0 }
    ) throws -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 64)
        var missing: String?
        scan(text) { piece in
            switch piece {
            case .literal(let s): out += s
            case .placeholder(let name):
                if let v = values[name] { out += escape(v) } else if missing == nil { missing = name }
            }
        }
        if let missing { throw Missing(name: missing) }
        return out
    }

    enum Piece {
        case literal(Substring)
        case placeholder(String)
    }

    /// Splits text into literals and `{{name}}` placeholders (a scan over UTF-8,
    /// without Foundation's string search, which is slow here).
    static func scan(_ text: String, _ body: (Piece) -> Void) {
        let u = text.utf8
        var literalStart = u.startIndex
        var i = u.startIndex
        while i < u.endIndex {
            let next = u.index(after: i)
            if u[i] == UInt8(ascii: "{"), next < u.endIndex, u[next] == UInt8(ascii: "{") {
                let nameStart = u.index(after: next)
                var j = nameStart
                var close: String.Index?
                while j < u.endIndex {
                    let k = u.index(after: j)
                    if u[j] == UInt8(ascii: "}"), k < u.endIndex, u[k] == UInt8(ascii: "}") {
                        close = j
                        break
                    }
                    j = k
                }
                guard let close else { break }
                if literalStart < i { body(.literal(text[literalStart..<i])) }
                body(.placeholder(String(text[nameStart..<close]).trimmed(.spaces)))
                i = u.index(close, offsetBy: 2)
                literalStart = i
                continue
            }
            i = next
        }
        if literalStart < u.endIndex { body(.literal(text[literalStart..<u.endIndex])) }
    }
}
