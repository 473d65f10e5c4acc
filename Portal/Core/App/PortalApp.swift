import Foundation
import Runtime
import Wire

/// The portal: turns one HTTP request into one response. Every answer passes
/// through here, so the headers, the cookie rules, the anti-forgery and Origin
/// checks and the rate limit hold for every page, including the error pages.
public final class PortalApp: Sendable {
    let trio: TrioClients
    let sealer: Sealer
    public let policy: WebPolicy
    let limiter: RateLimiter
    let settings: Settings
    let statics: StaticFiles
    private let router: Router
    let logger: Logger

    public struct Settings: Sendable {
        public var passwordMinLength = 8
        public var smsResendSeconds = 30
        public var pageSize = 50
        /// The fund's name, support line, colour and logo (PORTAL_FUND_NAME, …).
        public var branding = Branding()
        public var fundName: String {
            get { branding.fundName }
            set { branding.fundName = newValue }
        }
        public var supportLine: String {
            get { branding.supportLine }
            set { branding.supportLine = newValue }
        }
        /// `PORTAL_NEWS_DIR`: where the fund keeps `news.<lang>.md` (home's `Nouveautés`); nil: none.
        public var newsDirectory: String?
        public init() {}
    }

    public init(
        trio: TrioClients, key: CookieKey, policy: WebPolicy, settings: Settings = Settings(),
        limiter: RateLimiter = RateLimiter(), logger: Logger = Logger(service: "portal")
    ) {
        self.trio = trio
        self.sealer = Sealer(key: key)
        self.policy = policy
        self.settings = settings
        self.statics = StaticFiles(branding: settings.branding)
        self.limiter = limiter
        self.logger = logger
        var r = Router()
        Routes.register(&r)
        router = r
    }

    func hasPage(_ path: String) -> Bool { router.allows("GET", path) }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path.hasPrefix("/static/") {
            var r = statics.serve(request)
            policy.secure(&r, personal: false)
            return r
        }
        if request.path == "/healthz" {
            var r = HTTPResponse.text("ok\n")
            policy.secure(&r, personal: true)
            return r
        }
        let started = monotonicSeconds()
        let ctx = Context(request: request, app: self)
        var response = respond(ctx)
        // The path only: queries may carry a code (the activation link's).
        logger.info(
            "portal.request",
            [
                "method": .string(request.method), "path": .string(request.path),
                "status": .number(Double(response.status)),
                "ms": .number(((monotonicSeconds() - started) * 10_000).rounded() / 10),
            ])
        for c in ctx.cookieHeaders() { response.addCookie(c) }
        response.setHeader("Vary", "Cookie, Accept-Language")
        policy.secure(&response, personal: true)
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    private func respond(_ ctx: Context) -> HTTPResponse {
        let request = ctx.request
        let route: Router.Route
        switch router.match(request.method, request.path) {
        case .notFound: return ErrorPages.page(ctx, status: 404)
        case .wrongMethod:
            var r = ErrorPages.page(ctx, status: 405)
            r.setHeader("Allow", request.method == "GET" ? "POST" : "GET, HEAD")
            return r
        case .found(let r): route = r
        }
        if request.method == "POST" {
            if let refused = checkPost(ctx) { return refused }
            if route.limited, let wait = limiter.take(policy.clientAddress(request)) {
                var r = ErrorPages.page(ctx, status: 429, values: ["s": String(wait)])
                r.setHeader("Retry-After", String(wait))
                return r
            }
        }
        if route.access == .signedIn && ctx.session == nil {
            return request.method == "GET" ? .seeOther("/") : ErrorPages.page(ctx, status: 403)
        }
        do {
            return try route.page(ctx)
        } catch let e as ServiceError {
            return serviceFailure(ctx, e)
        } catch let e as FormBody.Failure {
            logger.info("portal.bad_form", ["error": .string(String(describing: e))])
            return ErrorPages.page(ctx, status: 400)
        } catch {
            logger.error("portal.failed", ["path": .string(request.path), "error": .string(String(describing: error))])
            return ErrorPages.page(ctx, status: 500)
        }
    }

    /// A POST must be a form from our own origin carrying the token tied to this
    /// session (or this browser's pre-session state): else 403, never a redirect.
    private func checkPost(_ ctx: Context) -> HTTPResponse? {
        let type = (ctx.request.header("content-type") ?? "").lowercased()
        guard type.hasPrefix("application/x-www-form-urlencoded") else { return ErrorPages.page(ctx, status: 415) }
        do { ctx.form = try FormBody(parsing: ctx.request.body) } catch {
            return ErrorPages.page(ctx, status: 400)
        }
        guard policy.sameOrigin(ctx.request) else {
            logger.info("portal.csrf_origin", ["origin": .string(ctx.request.header("origin") ?? "-")])
            return ErrorPages.page(ctx, status: 403)
        }
        let tokens = ctx.form.values("csrf")
        guard tokens.count == 1, sealer.verify(tokens.first, for: ctx.csrfBinding) else {
            logger.info("portal.csrf_token", ["path": .string(ctx.request.path)])
            return ErrorPages.page(ctx, status: 403)
        }
        return nil
    }

    /// What a page did not handle itself: an ended session, a service down.
    private func serviceFailure(_ ctx: Context, _ e: ServiceError) -> HTTPResponse {
        switch e.code {
        case .unauthenticated:
            ctx.endSession()
            ctx.state.flash = "error.session"
            return .seeOther("/")
        case .unavailable, .internal:
            logger.warning("portal.service_failed", ["error": .string(e.description)])
            return ErrorPages.page(ctx, status: 503, message: ctx.refusal(e).message)
        default:
            return ErrorPages.page(ctx, status: e.code == .forbidden ? 403 : 400, message: ctx.refusal(e).message)
        }
    }
}
