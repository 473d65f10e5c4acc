import Contracts
import FoundationEssentials
import Runtime
import Wire

/// The rights an admin can give: the connect-administrator right and the
/// portal themes (business areas), with names and descriptions in fr/de/it/en.
/// Loaded from a data file (`Resources/themes.json`, or `ADMIN_THEMES_FILE`) so
/// a fund can rename or add themes without a new build.
public struct ThemeCatalogue: Sendable {
    public struct Entry: Sendable, Decodable, Equatable {
        public var key: String
        public var name: [String: String]
        public var description: [String: String]

        public func name(_ lang: Language) -> String { name[lang.rawValue] ?? name["en"] ?? key }
        public func description(_ lang: Language) -> String { description[lang.rawValue] ?? description["en"] ?? "" }
    }

    private struct File: Decodable {
        var adminRight: Entry
        var themes: [Entry]
    }

    public let adminRight: Entry
    public let themes: [Entry]
    private let index: [String: Int]

    public init(adminRight: Entry, themes: [Entry]) throws {
        self.adminRight = adminRight
        self.themes = themes
        var index: [String: Int] = [:]
        for (i, t) in themes.enumerated() {
            guard !t.key.isEmpty, !t.key.contains(","), t.key != adminRight.key, index[t.key] == nil else {
                throw CatalogueProblem("theme key '\(t.key)' is empty, repeated or contains a comma")
            }
            index[t.key] = i
        }
        for entry in [adminRight] + themes {
            for lang in Language.allCases {
                guard let n = entry.name[lang.rawValue], !n.isEmpty, entry.description[lang.rawValue] != nil else {
                    throw CatalogueProblem("'\(entry.key)' has no name or description in \(lang.rawValue)")
                }
            }
        }
        self.index = index
    }

    struct CatalogueProblem: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    public static func load(from data: Data) throws -> ThemeCatalogue {
        let file = try JSONDecoder().decode(File.self, from: data)
        return try ThemeCatalogue(adminRight: file.adminRight, themes: file.themes)
    }

    /// The file named by `ADMIN_THEMES_FILE`, else the one shipped with the service.
    public static func load(environment: Environment) throws -> ThemeCatalogue {
        let path = environment.optionalString("ADMIN_THEMES_FILE")
        guard let path else {
            // Compiled into the program (SwiftPM's embedInCode), so it cannot go missing.
            do {
                return try load(from: Data(PackageResources.themes_json))
            } catch {
                throw ConfigError("ADMIN_THEMES_FILE", "the built-in themes.json: \(error)")
            }
        }
        do {
            return try load(from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConfigError("ADMIN_THEMES_FILE", "\(path): \(error)")
        }
    }

    public var keys: [String] { themes.map(\.key) }

    /// Checks keys and puts them in catalogue order without repeats; nil when a key is unknown.
    public func normalize(_ keys: [String]) -> [String]? {
        var positions = Set<Int>()
        for k in keys {
            guard let i = index[k] else { return nil }
            positions.insert(i)
        }
        return positions.sorted().map { themes[$0].key }
    }

    /// `admin.themes.list`: the admin right first, then the themes.
    public func list(_ lang: Language) -> [ThemeInfo] {
        ([adminRight] + themes).map { ThemeInfo(key: $0.key, name: $0.name(lang), description: $0.description(lang)) }
    }

    /// The list's "Infos / remarques": the rights named in the reader's language,
    /// the admin right first ("Administrateur connect, Comptabilité").
    public func remarks(admin: Bool, themes keys: [String], lang: Language) -> String {
        var names: [String] = admin ? [adminRight.name(lang)] : []
        for k in keys { if let i = index[k] { names.append(themes[i].name(lang)) } }
        return names.joined(separator: ", ")
    }
}
