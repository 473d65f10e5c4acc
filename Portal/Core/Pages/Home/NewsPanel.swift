import Client
import Contracts
import Foundation
import Runtime
import Wire

/// `Nouveautés` on home: the fund's notices, from a file the fund edits
/// (`PORTAL_NEWS_DIR/news.<lang>.md`, else `news.md` for every language),
/// read on each visit so an edit shows at once without a restart. A small,
/// safe subset of Markdown: blocks separated by blank lines; a block starting
/// with `#`/`##`/`###` opens a notice with that title; everything is text
/// (escaped), never markup. No file, or an empty one: "no entries".
enum NewsPanel {
    /// A notice file larger than this is a mistake, not news: only its start is read.
    static let maxBytes = 64 * 1024

    struct Notice: Equatable {
        var title: String?
        var paragraphs: [String]
    }

    static func load(directory: String?, lang: Language) -> [Notice] {
        guard let directory, !directory.isEmpty else { return [] }
        for name in ["news.\(lang.rawValue).md", "news.md"] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let h = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? h.close() }
            let data = (try? h.read(upToCount: maxBytes)) ?? Data()
            return parse(String(decoding: data, as: UTF8.self))
        }
        return []
    }

    static func parse(_ text: String) -> [Notice] {
        var notices: [Notice] = []
        var block: [String] = []
        func flush() {
            defer { block = [] }
            guard let first = block.first else { return }
            if first.hasPrefix("#") {
                let title = first.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                let body = block.dropFirst().joined(separator: " ")
                notices.append(Notice(title: title, paragraphs: body.isEmpty ? [] : [body]))
            } else if notices.isEmpty {
                notices.append(Notice(title: nil, paragraphs: [block.joined(separator: " ")]))
            } else {
                notices[notices.count - 1].paragraphs.append(block.joined(separator: " "))
            }
        }
        // "\r\n" is one Character in Swift: split on every kind of line end.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flush()
                continue
            }
            if line.hasPrefix("#") { flush() }
            block.append(line)
        }
        flush()
        return notices.filter { $0.title?.isEmpty == false || !$0.paragraphs.isEmpty }
    }

    static func render(_ c: Context) -> HTML {
        let notices = load(directory: c.app.settings.newsDirectory, lang: c.lang)
        guard !notices.isEmpty else { return "<p class=\"empty\">\(c.t("home.empty"))</p>" }
        let items = notices.map { n -> HTML in
            let title: HTML = n.title.map { "<h3>\($0)</h3>" } ?? .empty
            return "<li class=\"notice\">\(title)\(n.paragraphs.map { p -> HTML in "<p>\(p)</p>" })</li>"
        }
        return "<ul class=\"news\">\(items)</ul>"
    }
}
