import Contracts
import FoundationEssentials
import Runtime
import SwissTime
import Wire

/// How a member appears in the list (the seed's table) and in the detail form.
struct UserPresenter: Sendable {
    let catalogue: ThemeCatalogue
    let clock: Clock

    func row(_ m: MemberRecord, lang: Language) -> UserRow {
        UserRow(
            userId: m.user.accountId, displayName: m.user.name.displayName, email: m.user.email,
            language: m.user.language.letter, disabled: m.membership.disabled || m.membership.hasEnded(at: clock.now()),
            reference: m.membership.reference, mfa: m.user.mfa, remarks: remarks(m.membership, lang: lang))
    }

    /// The rights in the reader's language; a delegate is marked first
    /// ("Délégation jusqu'au 31.12.2026, Comptabilité").
    func remarks(_ m: Membership, lang: Language) -> String {
        let rights = catalogue.remarks(admin: m.admin, themes: m.themes, lang: lang)
        guard m.isDelegated else { return rights }
        let mark = DelegationMark.text(endsAt: m.endsAt, lang: lang)
        return rights.isEmpty ? mark : "\(mark), \(rights)"
    }

    /// The detail merges admin's facts with identity's live ones (masked phone,
    /// lockout, state); `account` nil when identity could not be asked.
    func detail(_ m: MemberRecord, account: AccountInfo?, lang: Language) -> UserDetail {
        let user = account.map(UserRecord.init(account:)) ?? m.user
        let ended = m.membership.hasEnded(at: clock.now())
        let state = m.membership.disabled || ended ? .disabled : user.state
        return UserDetail(
            userId: user.accountId, displayName: user.name.displayName, email: user.email,
            firstName: user.name.first, lastName: user.name.last, language: user.language,
            disabled: m.membership.disabled || ended, reference: m.membership.reference, mfa: user.mfa,
            remarks: remarks(m.membership, lang: lang),
            phone: account?.maskedPhone, lockedUntil: account?.lockedUntil,
            admin: m.membership.admin, themes: m.membership.themes, state: state)
    }
}

extension AdminRuntime {
    var presenter: UserPresenter { UserPresenter(catalogue: catalogue, clock: clock) }
    func row(_ m: MemberRecord, lang: Language) -> UserRow { presenter.row(m, lang: lang) }
    func detail(_ m: MemberRecord, account: AccountInfo?, lang: Language) -> UserDetail {
        presenter.detail(m, account: account, lang: lang)
    }
}

/// How the user list marks a delegated person, in the reader's language.
enum DelegationMark {
    static func text(endsAt: Date?, lang: Language) -> String {
        let word: Wording = ("Délégation", "Delegation", "Delega", "Delegation")
        let until: Wording = ("jusqu'au", "bis", "fino al", "until")
        let pick = lang.pick
        guard let endsAt else { return pick(word) }
        // The last day it still works: an end at midnight is shown as the day before.
        return "\(pick(word)) \(pick(until)) \(day(endsAt - 1))"
    }

    /// dd.MM.yyyy in Europe/Zurich (where a date-only end date is midnight), as Swiss lists write dates.
    static func day(_ d: Date) -> String {
        SwissDate.day(d)
    }
}
