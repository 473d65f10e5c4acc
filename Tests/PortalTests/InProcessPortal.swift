import Runtime

@testable import PortalCore

extension PortalApp {
    /// The whole app in process (no HTTP server) on the peers, real or fake, whose sockets are in
    /// `runDir`: behind http://127.0.0.1:8080, a fresh cookie key, logging errors only.
    static func inProcess(runDir: String, timeout: Double = 5) -> PortalApp {
        PortalApp(
            trio: TrioClients(runDir: runDir, timeout: timeout), key: CookieKey.random(),
            policy: WebPolicy(publicURL: "http://127.0.0.1:8080"), logger: Logger(service: "portal", minimum: .error))
    }
}
