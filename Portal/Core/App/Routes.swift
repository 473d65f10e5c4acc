import Contracts
import Wire

/// Every page, in the order of the guide. GET shows, POST changes then 303s.
enum Routes {
    static func register(_ r: inout Router) {
        r.on("GET", "/") { c in c.session == nil ? LoginPages.loginForm(c) : try HomePage.show(c) }
        r.on("POST", "/language") { c in try LanguagePage.switchLanguage(c) }
        RegistrationPages.register(&r)
        LoginPages.register(&r)
        HomePage.register(&r)
        UserListPage.register(&r)
        UserDetailPages.register(&r)
        PhoneChangePages.register(&r)
        NewUserPages.register(&r)
        ProfilePage.register(&r)
        MandantPages.register(&r)
        SettingsPage.register(&r)
        DelegationPages.register(&r)
        AuditPage.register(&r)
        PendingTasks.register(&r)
    }
}

/// The language switch on every page: anonymous, it is remembered in the state
/// cookie; signed in, it becomes the person's profile language.
enum LanguagePage {
    static func switchLanguage(_ c: Context) throws -> HTTPResponse {
        guard let raw = try c.form.value("lang"), let lang = Language(rawValue: raw) else {
            return ErrorPages.page(c, status: 400)
        }
        c.state.lang = lang
        c.lang = lang
        if c.session != nil {
            _ = try? c.identity(ProfileUpdate.self, ProfileUpdate.Body(language: lang), authenticated: true)
        }
        return .seeOther(c.localPath(try c.form.value("back")))
    }
}
