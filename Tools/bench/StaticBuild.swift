import Foundation

/// The binaries as the image builds them, with the Dockerfile's flags read from the
/// Dockerfile itself: identity and admin with `SWIFT_BUILD_FLAGS` and `SERVICE_BUILD_FLAGS`
/// (static executables) into `.build/static-services`, the notifier, the portal and
/// connect-documents with `SWIFT_BUILD_FLAGS` alone into `.build/static`, then all
/// copied into `.build/image`, one directory as in the image's /opt/connect. So one run
/// measures both builds of the same code.
/// `CONNECT_STATIC_BIN_DIR` names a directory of such binaries instead (no build).
enum StaticBuild {
    static let services = ["identity", "admin"]
    static let others = ["notifier", "portal", "connect-documents"]

    /// The directory holding the image's binaries, or nil (and why) when they cannot be had.
    static func binDirectory(from dynamicBin: String) -> (dir: String?, note: String) {
        if let dir = ProcessInfo.processInfo.environment["CONNECT_STATIC_BIN_DIR"], !dir.isEmpty {
            return (dir, "from CONNECT_STATIC_BIN_DIR")
        }
        guard let root = packageRoot(above: dynamicBin) else { return (nil, "no Package.swift above \(dynamicBin)") }
        guard let flags = imageFlags(root, "SWIFT_BUILD_FLAGS"),
            let serviceFlags = imageFlags(root, "SERVICE_BUILD_FLAGS")
        else { return (nil, "no ARG SWIFT_BUILD_FLAGS or SERVICE_BUILD_FLAGS in the Dockerfile") }
        let t0 = Date()
        let builds = [(services, flags + serviceFlags, ".build/static-services"), (others, flags, ".build/static")]
        let image = "\(root)/.build/image"
        try? FileManager.default.removeItem(atPath: image)
        try? FileManager.default.createDirectory(atPath: image, withIntermediateDirectories: true)
        for (products, flags, buildPath) in builds {
            for product in products {
                let arguments = ["build", "-c", "release"] + flags + ["--build-path", buildPath, "--product", product]
                guard swift(arguments, in: root) == 0 else {
                    return (nil, "`swift \(arguments.joined(separator: " "))` failed")
                }
                do {
                    try FileManager.default.copyItem(
                        atPath: "\(root)/\(buildPath)/release/\(product)", toPath: "\(image)/\(product)")
                } catch { return (nil, "copying \(product) into .build/image: \(error)") }
            }
        }
        let built = String(format: "built in %.0f s", Date().timeIntervalSince(t0))
        return (
            image,
            "identity and admin `swift build -c release \((flags + serviceFlags).joined(separator: " "))`, "
                + "the notifier and the portal without `\(serviceFlags.joined(separator: " "))`; \(built)"
        )
    }

    /// The Dockerfile's `ARG <name>="…"`, split into words.
    static func imageFlags(_ root: String, _ name: String) -> [String]? {
        let prefix = "ARG \(name)="
        guard let text = try? String(contentsOfFile: root + "/Dockerfile", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) })
        else { return nil }
        let value = line.dropFirst(prefix.count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return value.split(separator: " ").map(String.init)
    }

    /// The first directory at or above `dir` with a Package.swift.
    static func packageRoot(above dir: String) -> String? {
        var url = URL(fileURLWithPath: dir).standardizedFileURL.resolvingSymlinksInPath()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return nil
    }

    private static func swift(_ arguments: [String], in dir: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [ProcessInfo.processInfo.environment["SWIFT"] ?? "swift"] + arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.standardError
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
