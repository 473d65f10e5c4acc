// swift-tools-version:6.0
// connect: three services (identity, notifier, admin) and the connectctl client.
// No Swift packages: Foundation, Dispatch, and Debian's libsqlite3 and libsodium
// (and libcurl, loaded at run time by the notifier's http: outboxes only), cairo + pango
// and libxlsxwriter for the documents, libqrencode for the letter's QR code.
import PackageDescription

/// A service: its core in Services/<name>/Core and its executable in Services/<name>/Main.
func service(
    _ name: String, core: String, _ dependencies: [Target.Dependency], exclude: [String] = [],
    resources: [Resource] = []
) -> [Target] {
    [
        .target(
            name: core, dependencies: dependencies, path: "Services/\(name)/Core", exclude: exclude,
            resources: resources),
        .executableTarget(
            name: name, dependencies: ["Contracts", "ServiceKit", .byName(name: core)], path: "Services/\(name)/Main"),
    ]
}

let package = Package(
    name: "connect",
    products: [
        .executable(name: "identity", targets: ["identity"]),
        .executable(name: "notifier", targets: ["notifier"]),
        .executable(name: "admin", targets: ["admin"]),
        .executable(name: "connectctl", targets: ["connectctl"]),
        .executable(name: "connect-bench", targets: ["connect-bench"]),
        .executable(name: "connect-seed", targets: ["connect-seed"]),
        .executable(name: "portal", targets: ["portal"]),
        .executable(name: "connect-documents", targets: ["connect-documents"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Shared/System/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CSodium", path: "Shared/System/CSodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CPangoCairo", path: "Shared/System/CPangoCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(
            name: "CXLSXWriter", path: "Shared/System/CXLSXWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        // The invitation letter's QR code (Debian's libqrencode; never an encoder of our own).
        .systemLibrary(
            name: "CQREncode", path: "Shared/System/CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),

        // The shared core, one module per layer, each importing only the layers below it:
        //   Wire (envelope, errors, JSON, Message) ← Contracts (every message's body)
        //   Wire ← Runtime (config, logs, clock, ids, lifecycle)    SQLite (the database layer, alone)
        //   Runtime ← Sockets (Unix sockets, lines) ← Server (router, socket server), Client
        //   Client + SQLite + Contracts ← Messaging (service-to-service outbox and relay)
        //   Server + Client + SQLite + Contracts ← ServiceKit (a service's main: setup, health, run)
        // Text (markup escaping) and Documents (PDF, XLSX) stand alone.
        .target(name: "Wire", path: "Shared/Protocol"),
        .target(name: "Contracts", dependencies: ["Wire"], path: "Shared/Contracts"),
        // glibc calls Swift's Glibc module hides (closefrom for a child's descriptors, pipe2, thread names, malloc_trim).
        .target(name: "CPosix", path: "Shared/System/CPosix"),
        .target(name: "Runtime", dependencies: ["Wire", "CSodium", "CPosix"], path: "Shared/Runtime"),
        .target(name: "SQLite", dependencies: ["CSQLite"], path: "Shared/Database"),
        .target(name: "Sockets", dependencies: ["Runtime"], path: "Shared/Sockets"),
        .target(
            name: "Server", dependencies: ["Wire", "Runtime", "Sockets", "SQLite", "CPosix"], path: "Shared/Server"),
        .target(name: "Client", dependencies: ["Wire", "Runtime", "Sockets"], path: "Shared/Client"),
        .target(
            name: "Messaging", dependencies: ["Wire", "Contracts", "Runtime", "SQLite", "Client"],
            path: "Shared/Messaging"),
        .target(
            name: "ServiceKit", dependencies: ["Wire", "Contracts", "Runtime", "SQLite", "Server", "Client"],
            path: "Shared/ServiceKit"),
        .target(name: "Text", path: "Shared/Text"),
        // Dates as the fund writes them (Europe/Zurich): ICU's zone data, for admin and the notifier only.
        .target(name: "SwissTime", dependencies: ["Runtime"], path: "Shared/SwissTime"),
        // A document to render, as data, and the client of the connect-documents helper:
        // all that notifier and admin link of the documents.
        .target(name: "DocumentRequests", dependencies: ["Wire", "Runtime"], path: "Shared/DocumentRequests"),
        // PDF (cairo + pango, DejaVu fonts) and XLSX (libxlsxwriter): only the
        // connect-documents helper links it, so no service maps a font or PDF library.
        .target(
            name: "Documents", dependencies: ["DocumentRequests", "CPangoCairo", "CXLSXWriter", "CQREncode"],
            path: "Shared/Documents"),
        .executableTarget(
            name: "connect-documents", dependencies: ["DocumentRequests", "Documents"],
            path: "Tools/documents"),

        // The http: outbox's POST: libcurl through dlopen(), loaded only when an http:
        // outbox exists (needs curl/curl.h from libcurl4-openssl-dev, never links -lcurl).
        .target(
            name: "CHTTPPost", path: "Services/notifier/HTTPPost",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .executableTarget(
            name: "connectctl", dependencies: ["Wire", "Contracts", "Runtime", "Client"],
            path: "Tools/connectctl"),
        // The bench's HTTP client for the portal's pages (libcurl, linked: the bench only).
        .target(name: "CBenchHTTP", path: "Tools/BenchHTTP", linkerSettings: [.linkedLibrary("curl")]),
        .executableTarget(
            name: "connect-bench",
            dependencies: [
                "Wire", "Contracts", "Runtime", "SQLite", "Sockets", "Server", "Client",
                "TestSupport", "CSodium", "CBenchHTTP",
            ],
            path: "Tools/bench"),
        .executableTarget(name: "connect-seed", dependencies: ["Wire", "Runtime", "AdminCore"], path: "Tools/seed"),

        // The portal: the guide's screens for browsers, HTTP through GNU libmicrohttpd.
        .systemLibrary(
            name: "CMicroHTTPD", path: "Portal/System/CMicroHTTPD",
            providers: [.apt(["libmicrohttpd-dev"])]),
        .target(
            name: "PortalCore", dependencies: ["Wire", "Contracts", "Runtime", "Client", "CMicroHTTPD", "CSodium"],
            path: "Portal/Core"),
        .executableTarget(name: "portal", dependencies: ["Runtime", "PortalCore"], path: "Portal/Main"),

        .target(
            name: "TestSupport",
            dependencies: [
                "Wire", "Contracts", "Runtime", "Sockets", "Server", "Client",
                "ServiceKit",
            ],
            path: "Tests/Support"),
        .testTarget(
            name: "SharedTests",
            dependencies: [
                "Wire", "Contracts", "Runtime", "SQLite", "Sockets", "Server", "Client", "Messaging",
                "ServiceKit", "SwissTime", "TestSupport",
            ],
            path: "Tests/SharedTests"),
        .testTarget(
            name: "DocumentsTests", dependencies: ["Documents", "DocumentRequests", "TestSupport"],
            path: "Tests/DocumentsTests"),
        .testTarget(
            name: "IdentityTests",
            dependencies: ["Wire", "Contracts", "Runtime", "Client", "IdentityCore", "TestSupport"],
            path: "Tests/IdentityTests"),
        .testTarget(
            name: "NotifierTests",
            dependencies: [
                "Wire", "Contracts", "Runtime", "SQLite", "Client", "Text", "Documents",
                "NotifierCore", "TestSupport",
            ],
            path: "Tests/NotifierTests"),
        .testTarget(
            name: "AdminTests",
            dependencies: [
                "Wire", "Contracts", "Runtime", "Client", "AdminCore", "NotifierCore",
                "TestSupport",
            ],
            path: "Tests/AdminTests"),
        .testTarget(
            name: "PortalTests", dependencies: ["Wire", "Contracts", "Runtime", "PortalCore", "TestSupport"],
            path: "Tests/PortalTests"),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Wire", "Contracts", "Runtime", "SQLite", "Sockets", "Server", "Client", "CSQLite",
                "TestSupport", "PortalCore",
            ],
            path: "Tests/IntegrationTests", exclude: ["README.md"]),
    ]
        // The three services, each a core (linked by the tests too) and an executable that starts it.
        + service(
            "identity", core: "IdentityCore",
            ["Wire", "Contracts", "Runtime", "SQLite", "Server", "Messaging", "ServiceKit", "CSodium"],
            resources: [.embedInCode("Resources/common-passwords.txt")])
        + service(
            "notifier", core: "NotifierCore",
            [
                "Wire", "Contracts", "Runtime", "SQLite", "Server", "Messaging", "ServiceKit", "Text",
                "DocumentRequests", "CHTTPPost", "SwissTime",
            ],
            // The templates are plain files (Rendering/TemplateCatalog.swift): a resource
            // bundle's generated accessor would link all of Foundation into the notifier.
            exclude: ["Templates"])
        + service(
            "admin", core: "AdminCore",
            [
                "Wire", "Contracts", "Runtime", "SQLite", "Sockets", "Server", "Client", "Messaging",
                "ServiceKit", "DocumentRequests", "SwissTime",
            ],
            resources: [.embedInCode("Resources/themes.json")]),
    swiftLanguageModes: [.v6]
)
