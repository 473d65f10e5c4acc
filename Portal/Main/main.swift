import Foundation
import PortalCore
import Runtime

// portal: the administrator guide's screens in a browser, a client of the trio.
// Bad configuration: one line naming the variable, exit 2 (like the services).
let env = Environment()
do {
    let config = try PortalConfig(environment: env)
    let logger = Logger(service: "portal", minimum: config.logLevel)
    let key = try CookieKey.load(
        path: config.cookieKeyFile, create: env.optionalString("PORTAL_COOKIE_KEY_FILE") == nil)
    var settings = PortalApp.Settings()
    settings.passwordMinLength = config.passwordMinLength
    settings.smsResendSeconds = config.smsResendSeconds
    settings.branding = config.branding
    settings.newsDirectory = config.newsDirectory
    let app = PortalApp(
        trio: TrioClients(runDir: config.runDir), key: key,
        policy: WebPolicy(publicURL: config.publicURL, trustedProxies: config.trustedProxies),
        settings: settings,
        limiter: RateLimiter(burst: config.rateBurst, perMinute: config.ratePerMinute), logger: logger)
    var options = HTTPServer.Options()
    options.threads = config.threads
    var socketPath: String?
    if case .unix(let path) = config.listen { socketPath = path }
    let server = HTTPServer(
        listenFD: try Listener.open(config.listen), socketPath: socketPath, options: options,
        handler: app.handle)
    // The group installs the SIGTERM handler, then starts the server (HTTPServer.run).
    logger.info(
        "portal.listening",
        [
            "listen": .string(env.string("PORTAL_LISTEN", default: "127.0.0.1:8080")),
            "url": .string(config.publicURL),
        ])
    try ServiceGroup(services: [server], logger: logger).run()
} catch let e as ConfigError {
    FileHandle.standardError.write(Data("portal: \(e)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("portal: \(error)\n".utf8))
    exit(1)
}
