/// Routes by method and exact path, built once at start-up and read only after.
public struct Router: Sendable {
    public typealias Page = @Sendable (Context) throws -> HTTPResponse
    public enum Access: Sendable { case anyone, signedIn }
    struct Route: Sendable {
        let page: Page
        let access: Access
        let limited: Bool
    }

    private var routes: [String: [String: Route]] = [:]

    public init() {}

    /// `limited`: the form is rate-limited per client address (login and codes).
    public mutating func on(
        _ method: String, _ path: String, _ access: Access = .anyone, limited: Bool = false,
        _ page: @escaping Page
    ) {
        routes[path, default: [:]][method] = Route(page: page, access: access, limited: limited)
    }

    enum Match {
        case found(Route)
        case wrongMethod, notFound
    }

    func match(_ method: String, _ path: String) -> Match {
        guard let byMethod = routes[path] else { return .notFound }
        if let r = byMethod[method] ?? (method == "HEAD" ? byMethod["GET"] : nil) { return .found(r) }
        return .wrongMethod
    }

    public func allows(_ method: String, _ path: String) -> Bool {
        if case .found = match(method, path) { return true }
        return false
    }
}
