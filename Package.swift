// swift-tools-version:6.0
// connect: three services (identity, notifier, admin) and the connectctl client.
// No Swift packages: Foundation, Dispatch, and Debian's libsqlite3 and libsodium
// (and libcurl, loaded at run time by the notifier's http: outboxes only), cairo + pango
// and libxlsxwriter for the documents, libqrencode for the letter's QR code.
import PackageDescription

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
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Shared/System/CSQLite",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", path: "Shared/System/CSodium",
                       providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CPangoCairo", path: "Shared/System/CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CXLSXWriter", path: "Shared/System/CXLSXWriter", pkgConfig: "xlsxwriter",
                       providers: [.apt(["libxlsxwriter-dev"])]),
        // The invitation letter's QR code (Debian's libqrencode; never an encoder of our own).
        .systemLibrary(name: "CQREncode", path: "Shared/System/CQREncode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),

        // The shared core: socket server and client, SQLite layer, service-to-service
        // outbox and inbox, errors, config, logs, lifecycle, and the contracts.
        .target(name: "Shared", dependencies: ["CSQLite", "CSodium"], path: "Shared",
                exclude: ["System", "Documents"]),
        // PDF (cairo + pango, DejaVu fonts) and XLSX (libxlsxwriter): only notifier and
        // admin link it, so identity and connectctl map no font or PDF library.
        .target(name: "Documents", dependencies: ["CPangoCairo", "CXLSXWriter"], path: "Shared/Documents"),

        .target(name: "IdentityCore", dependencies: ["Shared", "CSodium"],
                path: "Services/identity/Core", resources: [.copy("Resources")]),
        .executableTarget(name: "identity", dependencies: ["IdentityCore"],
                          path: "Services/identity/Main"),

        // The http: outbox's POST: libcurl through dlopen(), loaded only when an http:
        // outbox exists (needs curl/curl.h from libcurl4-openssl-dev, never links -lcurl).
        .target(name: "CHTTPPost", path: "Services/notifier/HTTPPost",
                linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "NotifierCore", dependencies: ["Shared", "Documents", "CHTTPPost", "CQREncode"],
                path: "Services/notifier/Core", resources: [.copy("Templates")]),
        .executableTarget(name: "notifier", dependencies: ["NotifierCore"],
                          path: "Services/notifier/Main"),

        .target(name: "AdminCore", dependencies: ["Shared", "Documents"],
                path: "Services/admin/Core", resources: [.copy("Resources")]),
        .executableTarget(name: "admin", dependencies: ["AdminCore"],
                          path: "Services/admin/Main"),

        .executableTarget(name: "connectctl", dependencies: ["Shared"], path: "Tools/connectctl"),
        // The bench's HTTP client for the portal's pages (libcurl, linked: the bench only).
        .target(name: "CBenchHTTP", path: "Tools/BenchHTTP", linkerSettings: [.linkedLibrary("curl")]),
        .executableTarget(name: "connect-bench", dependencies: ["Shared", "TestSupport", "CSodium", "CBenchHTTP"], path: "Tools/bench"),
        .executableTarget(name: "connect-seed", dependencies: ["AdminCore"], path: "Tools/seed"),

        // The portal: the guide's screens for browsers, HTTP through GNU libmicrohttpd.
        .systemLibrary(name: "CMicroHTTPD", path: "Portal/System/CMicroHTTPD",
                       providers: [.apt(["libmicrohttpd-dev"])]),
        .target(name: "PortalCore", dependencies: ["Shared", "CMicroHTTPD", "CSodium"], path: "Portal/Core"),
        .executableTarget(name: "portal", dependencies: ["PortalCore"], path: "Portal/Main"),

        .target(name: "TestSupport", dependencies: ["Shared"], path: "Tests/Support"),
        .testTarget(name: "SharedTests", dependencies: ["Shared", "TestSupport"],
                    path: "Tests/SharedTests"),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "TestSupport"],
                    path: "Tests/DocumentsTests"),
        .testTarget(name: "IdentityTests", dependencies: ["IdentityCore", "TestSupport"],
                    path: "Tests/IdentityTests"),
        .testTarget(name: "NotifierTests", dependencies: ["NotifierCore", "TestSupport"],
                    path: "Tests/NotifierTests"),
        .testTarget(name: "AdminTests", dependencies: ["AdminCore", "NotifierCore", "TestSupport"],
                    path: "Tests/AdminTests"),
        .testTarget(name: "PortalTests", dependencies: ["PortalCore", "TestSupport"], path: "Tests/PortalTests"),
        .testTarget(name: "IntegrationTests", dependencies: ["Shared", "TestSupport", "PortalCore"],
                    path: "Tests/IntegrationTests", exclude: ["README.md"]),
    ],
    swiftLanguageModes: [.v6]
)
