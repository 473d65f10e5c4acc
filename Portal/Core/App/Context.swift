import Contracts
import Foundation
import Wire

/// One request while a page handles it: the parsed form, the language, the
/// session token from the cookie, and the flow state, which the app writes
/// back to the browser when a page changed it. Lives on one thread.
public final class Context {
    public let request: HTTPRequest
    let app: PortalApp
    public var state: FlowState
    private let stateCookieWasValid: FlowState?
    public var lang: Language
    public private(set) var session: String?
    /// Set when a page starts or ends the session (the cookie follows).
    var sessionChanged = false
    public var form = FormBody(pairs: [])
    var cachedMe: AdminMe.Reply?

    init(request: HTTPRequest, app: PortalApp) {
        self.request = request
        self.app = app
        let cookies = Cookies.parse(request.header("cookie"))
        let opened = FlowState.open(cookies[Cookies.state], sealer: app.sealer)
        stateCookieWasValid = opened
        state = opened ?? FlowState()
        session = cookies[Cookies.session].flatMap { Cookies.isSafeValue($0) ? $0 : nil }
        lang = LanguageChoice.choose(chosen: state.lang, acceptLanguage: request.header("accept-language"))
    }

    public func t(_ key: String, _ values: [String: String] = [:]) -> String { Texts.get(key, lang, values) }

    /// What the anti-forgery token is tied to: the session, else this browser's state.
    var csrfBinding: String { session.map { "s|" + $0 } ?? "a|" + state.nonce }
    public var csrfToken: String { app.sealer.token(for: csrfBinding) }

    func startSession(_ token: String) {
        session = token
        sessionChanged = true
        state.displayName = nil
    }
    func endSession() {
        session = nil
        sessionChanged = true
        state.mandant = nil
        state.displayName = nil
        state.email = nil
    }

    /// The Set-Cookie headers this request needs.
    func cookieHeaders() -> [String] {
        var out: [String] = []
        if sessionChanged {
            out.append(session.map { Cookies.set(Cookies.session, $0) } ?? Cookies.delete(Cookies.session))
        }
        if stateCookieWasValid != state {
            out.append(Cookies.set(Cookies.state, state.sealed(by: app.sealer), maxAge: 86_400))
        }
        return out
    }

    // MARK: calls to the services, in the page's language

    func identity<M: Message>(_ m: M.Type, _ body: M.Body, authenticated: Bool = false) throws -> M.Reply {
        try app.trio.identity.call(m, body, session: authenticated ? session : nil, lang: lang)
    }

    func admin<M: Message>(_ m: M.Type, _ body: M.Body) throws -> M.Reply {
        try app.trio.admin.call(m, body, session: session, lang: lang)
    }

    /// The signed-in person and their mandants (once per request).
    func me() throws -> AdminMe.Reply {
        if let cachedMe { return cachedMe }
        let m = try admin(AdminMe.self, Empty())
        cachedMe = m
        // The profile's language is adopted once, on the first page after the login: later
        // changes (switch, profile) go to identity AND this cookie, and admin's copy learns
        // them a moment later by an event, so reading it back on every page would undo them.
        let firstSinceLogin = state.displayName == nil
        state.displayName = "\(m.user.firstName) \(m.user.lastName)"
        state.email = m.user.email
        state.mandantCount = m.mandants.count
        if firstSinceLogin, state.lang != m.user.language {
            state.lang = m.user.language
            lang = m.user.language
        }
        if let chosen = state.mandant, !m.mandants.contains(where: { $0.number == chosen }) { state.mandant = nil }
        if state.mandant == nil, m.mandants.count == 1 { state.mandant = m.mandants[0].number }
        if state.mandant == nil, let d = m.mandants.first(where: { $0.isDefault == true }) { state.mandant = d.number }
        state.isAdmin = state.mandant.flatMap { n in m.mandants.first { $0.number == n }?.admin } == true ? true : nil
        return m
    }

    func refusal(_ e: ServiceError) -> Refusal { Refusal(e, lang: lang) }

    /// Where the language switch returns: set by a page re-rendered after a POST,
    /// else this GET with its query (never a code), else home.
    var returnPath: String?
    var backPath: String {
        if let returnPath { return returnPath }
        if request.method == "GET" {
            let q = request.query.filter { $0.0 != "code" }.map { "\($0.0)=\(UserQuery.encode($0.1))" }
            return request.path + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
        }
        return app.hasPage(request.path) ? request.path : "/"
    }

    /// A local path to go back to (never another site).
    func localPath(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"),
            !raw.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/" }
        return raw
    }
}
