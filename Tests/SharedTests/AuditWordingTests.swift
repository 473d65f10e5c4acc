import Contracts
import Testing
import Wire

/// The trail's codes in the administrator's words: what the portal's screen and admin's
/// exports both show.
struct AuditWordingTests {
    @Test func everyActionHasItsOwnWordsInEveryLanguage() {
        for lang in Language.allCases {
            let words = AuditAction.allCases.map { AuditWording.action($0, lang) }
            #expect(Set(words).count == AuditAction.allCases.count, "two actions read alike in \(lang)")
            for (action, text) in zip(AuditAction.allCases, words) {
                #expect(text != action.rawValue && !text.contains("."), "\(action) in \(lang): \(text)")
            }
        }
        #expect(AuditWording.action(.employerSettings, .de) == "Firmeneinstellungen geändert")
    }

    @Test func aCodeThisVersionDoesNotKnowIsShownAsStored() {
        #expect(AuditWording.action(code: "user.update", .fr) == "Utilisateur modifié")
        #expect(AuditWording.action(code: "user.renamed_later", .fr) == "user.renamed_later")
        #expect(AuditWording.field("membership.themes", .it) == "Temi")
        #expect(AuditWording.field("user.firstName", .de) == "Vorname")
        #expect(AuditWording.field("futureField", .en) == "futureField")
    }

    @Test func yesAndNoInTheLanguageAnythingElseAsStored() {
        #expect(AuditWording.value("true", .fr) == "oui")
        #expect(AuditWording.value("false", .de) == "nein")
        #expect(AuditWording.value("accounting, payroll", .it) == "accounting, payroll")
    }
}
