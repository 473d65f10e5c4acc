import Foundation
import XCTest

@testable import AdminCore

/// The fold moved off Foundation's NSString (`folding(options:locale:)`) onto the standard
/// library's Unicode tables; stored keys are folded again by migration 21, but a search
/// typed today must still find what people typed before, so the two folds must agree
/// scalar for scalar wherever the fund's names live: Latin, Greek, Cyrillic.
final class SearchFoldingParityTests: XCTestCase {
    private func foundationFold(_ text: String) -> [Unicode.Scalar] {
        Array(
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased().unicodeScalars)
    }

    func testEveryLatinGreekAndCyrillicLetterFoldsAsFoundationFoldsIt() {
        let ranges: [ClosedRange<UInt32>] = [0x20...0x24F, 0x370...0x52F, 0x1E00...0x1FFF]
        var differing: [String] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = String(Character(scalar))
                if Array(SearchFolding.caseAndAccentFolded(text).unicodeScalars) != foundationFold(text) {
                    differing.append("U+" + String(value, radix: 16))
                }
            }
        }
        XCTAssertEqual(differing, [])
    }

    func testNamesAsPeopleTypeThemFoldAlike() {
        let names = [
            "Léa Modèle", "Müller-Lüdenscheidt", "d'Amato", "Ørsted", "Łukasz Wałęsa", "ÆSIR", "Straße",
            "Zoë Ñandú", "İstanbul", "ǅemal", "Nguyễn Thị Minh Khai", "Čapek Šťastný", "Ἀθηνᾶ", "Достоевский",
            "e\u{301}cole", "Ame\u{301}lie", "O\u{308}zil", "Åsa Ångström", "ﬁnance", "Ｆｕｌｌ", "Ⅻ", "Σίσυφος",
        ]
        for name in names {
            XCTAssertEqual(Array(SearchFolding.caseAndAccentFolded(name).unicodeScalars), foundationFold(name), name)
        }
    }
}
