import Shared

/// How a member appears in the list (the seed's table) and in the detail form.
extension AdminRuntime {
    func row(_ m: MemberRecord, lang: Language) -> UserRow {
        UserRow(userId: m.user.accountId, displayName: m.user.name.displayName, email: m.user.email,
                language: m.user.language.letter, disabled: m.membership.disabled,
                reference: m.membership.reference, mfa: m.user.mfa,
                remarks: catalogue.remarks(admin: m.membership.admin, themes: m.membership.themes, lang: lang))
    }

    /// The detail merges admin's facts with identity's live ones (masked phone,
    /// lockout, state); `account` nil when identity could not be asked.
    func detail(_ m: MemberRecord, account: AccountInfo?, lang: Language) -> UserDetail {
        let user = account.map(UserRecord.init(account:)) ?? m.user
        let state = m.membership.disabled ? "disabled" : user.state
        return UserDetail(userId: user.accountId, displayName: user.name.displayName, email: user.email,
                          firstName: user.name.first, lastName: user.name.last, language: user.language,
                          disabled: m.membership.disabled, reference: m.membership.reference, mfa: user.mfa,
                          remarks: catalogue.remarks(admin: m.membership.admin, themes: m.membership.themes, lang: lang),
                          phone: account?.maskedPhone, lockedUntil: account?.lockedUntil,
                          admin: m.membership.admin, themes: m.membership.themes, state: state)
    }
}
