import CBenchHTTP
import Client
import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire

/// The portal's user list (`GET /users?text=…&all=1`, page of 50) for the employer of
/// 500 users in the 100,000-user `connect-seed` data set, against the bare
/// `admin.users.search` the page makes, in the same run with the same session: real
/// identity (the session check admin makes on every call) and real admin; the
/// administrator registered and logged in through identity's own messages. 1 and 16
/// clients, interleaved rounds; 32 clients (issue 15). Then PortalScaleBench. Goals (issue 13): page p50 ≤ 1.5× the bare call's,
/// page p99 ≤ 10 ms, with 1 client.
enum PortalBench {
    static let employer = "1000.000"
    /// The first page of the whole list (what « Gestion des utilisateurs » opens with), then SearchBench's filters.
    static let texts = ["", "müller", "anna", "zürcher léa", "user3", "emery", "m0.example", "gfeller", "x-nobody"]

    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        guard PortalProcess.isBuilt else { throw ServiceError(.unavailable, detail: "the portal is not built") }
        let users = quick ? 20_000 : 100_000
        let employers = quick ? 2_000 : 10_000
        let seeded = try SearchBench.seed(cluster, employers: employers, users: users, big: 500)
        let book = CodeBook(socketPath: cluster.dir.file("run/notifier.sock"))
        defer { book.stop() }
        let identity = try cluster.start("identity")
        let admin = try cluster.start("admin")
        let session = try administrator(identity.client(), admin.client(), book)
        let portal = try PortalProcess(
            runDir: cluster.dir.file("run"), logPath: cluster.dir.file("data/portal.log"),
            environment: [
                "PORTAL_COOKIE_KEY_FILE": cluster.dir.file("data/portal.key"),
                "CONNECT_LOG_LEVEL": "warning",
            ])
        defer { portal.stop() }
        let cookie = "__Host-connect-session=\(session)"
        let base = portal.url
        let pageURL: @Sendable (Int) -> String = { i in page(base, i) }
        let rssBefore = rss(portal.pid)

        let n = quick ? 200 : 1000
        let rounds = quick ? 3 : 5
        let (bare1, page1, pageBytes) = try oneClient(
            admin.client(), session: session, cookie: cookie, url: pageURL,
            requests: n, rounds: rounds)
        // 16 and 32 clients, each its own connection (ServiceClient / keep-alive HTTP), bare then pages.
        let clients = 16
        let more = PortalScaleBench.clients
        let seconds = quick ? 2.0 : 5.0
        let bareClients = (0..<more).map { _ in admin.client() }
        let (bare16, bareRate) = load(clients, seconds) { t, i in _ = try search(bareClients[t], session, i) }
        let (page16, pageRate) = loadPages(clients, seconds, cookie: cookie, url: pageURL)
        let (bare32, bare32Rate) = load(more, seconds) { t, i in _ = try search(bareClients[t], session, i) }
        let (page32, page32Rate) = loadPages(more, seconds, cookie: cookie, url: pageURL)
        let rssAfter = rss(portal.pid)

        let ratio1 = page1.p50 / bare1.p50
        report.goal(
            "portal user list page p50 ÷ bare admin.users.search p50 (1 client)", "≤ 1.5×",
            String(format: "%.2f×", ratio1), met: ratio1 <= 1.5)
        report.goal("portal user list page p99 (1 client)", "≤ 10 ms", millis(page1.p99), met: page1.p99 <= 0.010)
        func row(_ what: String, _ c: Int, _ s: Samples, _ rate: Double) -> [String] {
            [what, "\(c)", "\(s.count)", millis(s.p50), millis(s.p99), String(format: "%.0f", rate)]
        }
        report.section(
            "portal: the user list page vs the bare search",
            "`connect-seed` data set: \(users) users across \(employers) employers (seeded in \(String(format: "%.1f", seeded)) s); employer \(employer) has 500 users. Page = `GET /users?text=…&all=1` through the portal (libmicrohttpd, \(ProcessInfo.processInfo.environment["PORTAL_THREADS"] ?? "8") threads) with the administrator's session cookie (and the portal's own state cookie once set), page of 50 sorted by display name, \(texts.count) filters in turn, HTML of \(String(format: "%.1f", pageBytes.p50 / 1024)) KiB (median; up to \(String(format: "%.1f", (pageBytes.values.max() ?? 0) / 1024)) KiB); HTTP/1.1 keep-alive from libcurl, one connection per client. Bare = `admin.users.search` over admin's socket with the same session and filters. Real identity and admin (admin verifies the session with identity on every call). 1 client: \(rounds) interleaved rounds; 16 and 32 clients: \(Int(seconds)) s each. Portal RSS idle \(mib(rssBefore)), after the load \(mib(rssAfter)).",
            ["what", "clients", "requests", "p50", "p99", "per second"],
            [
                row("bare admin.users.search", 1, bare1, Double(bare1.count) / bare1.values.reduce(0, +)),
                row("portal page /users", 1, page1, Double(page1.count) / page1.values.reduce(0, +)),
                row("bare admin.users.search", clients, bare16, bareRate),
                row("portal page /users", clients, page16, pageRate),
                row("bare admin.users.search", more, bare32, bare32Rate),
                row("portal page /users", more, page32, page32Rate),
                [
                    "page ÷ bare", "1", "", String(format: "%.2f×", ratio1),
                    String(format: "%.2f×", page1.p99 / bare1.p99),
                    String(
                        format: "%.2f×",
                        (Double(page1.count) / page1.values.reduce(0, +))
                            / (Double(bare1.count) / bare1.values.reduce(0, +))),
                ],
                ratio(clients, page16, bare16, pageRate / bareRate),
                ratio(more, page32, bare32, page32Rate / bare32Rate),
            ])
        try PortalScaleBench.run(&report, cluster: cluster, portal: portal, cookie: cookie, pageURL: page, quick: quick)
    }

    /// The list page of filter `i` on the portal at `base`.
    @Sendable static func page(_ base: String, _ i: Int) -> String {
        "\(base)/users?text=\(texts[i % texts.count].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&all=1"
    }

    static func ratio(_ clients: Int, _ page: Samples, _ bare: Samples, _ rates: Double) -> [String] {
        [
            "page ÷ bare", "\(clients)", "", String(format: "%.2f×", page.p50 / bare.p50),
            String(format: "%.2f×", page.p99 / bare.p99),
            String(format: "%.2f×", rates),
        ]
    }

    /// 1 client: rounds of bare calls and pages in turn, so the machine's load falls on both alike.
    /// Returns the bare and page latencies and the pages' sizes.
    static func oneClient(
        _ bareClient: ServiceClient, session: String, cookie: String, url: (Int) -> String,
        requests n: Int, rounds: Int
    ) throws -> (Samples, Samples, Samples) {
        guard let page = bench_http_new(cookie) else { throw ServiceError(.internal, detail: "curl handle") }
        defer { bench_http_free(page) }
        for i in 0..<50 {
            _ = try search(bareClient, session, i)
            _ = try get(page, url(i))
        }
        var bare = Samples()
        var pages = Samples()
        var bytes = Samples()
        for _ in 0..<rounds {
            for i in 0..<(n / rounds) {
                let t0 = monotonicSeconds()
                _ = try search(bareClient, session, i)
                bare.add(monotonicSeconds() - t0)
            }
            for i in 0..<(n / rounds) {
                let t0 = monotonicSeconds()
                bytes.add(Double(try get(page, url(i))))
                pages.add(monotonicSeconds() - t0)
            }
        }
        return (bare, pages, bytes)
    }

    static func search(_ c: ServiceClient, _ session: String, _ i: Int) throws -> Int {
        let text = texts[i % texts.count]
        return try c.call(
            UsersSearch.self,
            .init(
                employer: employer, text: text.isEmpty ? nil : text, includeDisabled: true,
                sort: .displayName, offset: 0, limit: 50), session: session
        ).total
    }

    /// One page; throws unless 200 with the results table. Returns the body's size.
    static func get(_ client: OpaquePointer, _ url: String) throws -> Int {
        var error = [CChar](repeating: 0, count: 256)
        let status = bench_http_get(client, url, &error, error.count)
        var length = 0
        let body = bench_http_body(client, &length)
        guard status == 200, let body, strstr(body, "id=\"users\"") != nil else {
            let text =
                status < 0
                ? String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                : body.map { String(String(cString: $0).prefix(300)) } ?? ""
            throw ServiceError(.internal, detail: "GET \(url): \(status) \(text)")
        }
        return length
    }

    /// The seeded employer's new administrator: invitation, registration and login
    /// through identity, codes read from the notifier stand-in; returns the session.
    static func administrator(_ identity: ServiceClient, _ admin: ServiceClient, _ book: CodeBook) throws -> String {
        let email = "bench-admin@m0.example.ch"
        let phone = "+41791230000"
        let password = "Velo-Rouge-1848"
        let access = try identity.call(InvitationIssue.self, .init(employerNumber: employer, employerName: "Bench SA"))
            .accessCode
        let reg = try identity.call(RegistrationStart.self, .init(accessCode: access)).registrationId
        _ = try identity.call(RegistrationEmail.self, .init(registrationId: reg, email: email))
        _ = try identity.call(
            RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: try book.code(email, after: 0)))
        _ = try identity.call(
            RegistrationAccount.self,
            .init(
                registrationId: reg, firstName: "Bench", lastName: "Admin",
                language: .fr, password: password, acceptTerms: true))
        _ = try identity.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: phone))
        _ = try identity.call(
            RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: try book.code(phone, after: 0)))
        let start = try identity.call(LoginStart.self, .init(email: email, password: password))
        let session = try identity.call(
            LoginFinish.self,
            .init(
                challengeId: start.challengeId,
                smsCode: try book.code(phone, after: 1))
        ).session
        // The registration reaches admin through identity's outbox a moment later.
        let deadline = Date() + 20
        while Date() < deadline {
            if let me = try? admin.call(AdminMe.self, Empty(), session: session),
                me.mandants.contains(where: { $0.number == employer && $0.admin })
            {
                return session
            }
            usleep(20_000)
        }
        throw ServiceError(.unavailable, detail: "admin never made the bench account administrator of \(employer)")
    }

    /// What the client threads gather.
    final class Gathered: Sendable {
        let samples = Mutex(Samples())
        let failures = Atomic<Int>(0)
        let start = monotonicSeconds()

        func add(_ s: Samples) { samples.withLock { $0.add(contentsOf: s) } }
        func failed() { failures.wrappingAdd(1, ordering: .relaxed) }

        /// One thread's share: `call(i)` for i = `first`, `first` + 1, … until `seconds` after
        /// `start`, each timed; a failed call is counted, not timed out of the run.
        func run(_ seconds: Double, from first: Int, _ call: (Int) throws -> Void) {
            var local = Samples()
            var i = first
            while monotonicSeconds() - start < seconds {
                let t0 = monotonicSeconds()
                do { try call(i) } catch { failed() }
                local.add(monotonicSeconds() - t0)
                i += 1
            }
            add(local)
        }

        /// Latencies, and completed calls per second since `start`.
        func result() -> (Samples, Double) {
            let elapsed = monotonicSeconds() - start
            let n = failures.load(ordering: .relaxed)
            if n > 0 { FileHandle.standardError.write(Data("portal bench: \(n) failed requests\n".utf8)) }
            let all = samples.withLock { $0 }
            return (all, Double(all.count) / elapsed)
        }
    }

    /// `clients` threads calling `body(thread, i)` for `seconds`.
    static func load(_ clients: Int, _ seconds: Double, _ body: @escaping @Sendable (Int, Int) throws -> Void) -> (
        Samples, Double
    ) {
        let g = Gathered()
        onThreads(clients) { t in g.run(seconds, from: t) { i in try body(t, i) } }
        return g.result()
    }

    /// As `load`, each thread with its own keep-alive HTTP client (made and freed on that thread).
    static func loadPages(
        _ clients: Int, _ seconds: Double, cookie: String,
        url: @escaping @Sendable (Int) -> String
    ) -> (Samples, Double) {
        let g = Gathered()
        onThreads(clients) { t in
            guard let client = bench_http_new(cookie) else {
                g.failed()
                return
            }
            defer { bench_http_free(client) }
            _ = try? get(client, url(t)) // the state cookie, as a browser has it
            g.run(seconds, from: t) { i in _ = try get(client, url(i)) }
        }
        return g.result()
    }

    static func rss(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }?.split(separator: " ").compactMap {
            Int($0)
        }.first ?? 0
    }

    static func mib(_ kib: Int) -> String { String(format: "%.1f MiB", Double(kib) / 1024) }
}
