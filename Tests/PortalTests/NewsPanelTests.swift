import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import PortalCore

/// `Nouveautés`: the fund's file per language, its small Markdown subset, nothing when there is none.
final class NewsPanelTests: XCTestCase {
    func testBlocksBecomeNoticesWithTitlesAndParagraphs() {
        let text =
            "Intro line\ncontinued\n\n# Fermeture\nLa caisse est fermée\ndu 24.12 au 2.1.\n\nSecond <b>paragraphe</b>\n\n\n## Nouveau taux\n"
        XCTAssertEqual(
            NewsPanel.parse(text),
            [
                .init(title: nil, paragraphs: ["Intro line continued"]),
                .init(
                    title: "Fermeture",
                    paragraphs: ["La caisse est fermée du 24.12 au 2.1.", "Second <b>paragraphe</b>"]),
                .init(title: "Nouveau taux", paragraphs: []),
            ])
        XCTAssertEqual(NewsPanel.parse(""), [])
        XCTAssertEqual(NewsPanel.parse("\n\n  \n#\n"), [], "an empty title is no notice")
        XCTAssertEqual(
            NewsPanel.parse("# A\r\ntext\r\n").first, .init(title: "A", paragraphs: ["text"]), "Windows line ends")
    }

    func testTheLanguagesFileElseTheCommonOneElseNothing() throws {
        let dir = TempDirectory("news")
        defer { dir.remove() }
        XCTAssertEqual(NewsPanel.load(directory: nil, lang: .fr), [])
        XCTAssertEqual(NewsPanel.load(directory: dir.path, lang: .fr), [], "no file: no news")
        try "# Jahresende\n".write(toFile: dir.file("news.de.md"), atomically: true, encoding: .utf8)
        try "# Common\n".write(toFile: dir.file("news.md"), atomically: true, encoding: .utf8)
        XCTAssertEqual(NewsPanel.load(directory: dir.path, lang: .de).first?.title, "Jahresende")
        XCTAssertEqual(NewsPanel.load(directory: dir.path, lang: .it).first?.title, "Common")
        // A huge file: only its start is read, and nothing breaks.
        try String(repeating: "# x\n", count: 100_000).write(
            toFile: dir.file("news.en.md"), atomically: true, encoding: .utf8)
        XCTAssertLessThanOrEqual(NewsPanel.load(directory: dir.path, lang: .en).count, NewsPanel.maxBytes / 4)
    }
}
