import Foundation

/// The binaries as the image builds them (`swift build -c release` with the Dockerfile's
/// `SWIFT_BUILD_FLAGS`, read from the Dockerfile itself), built by the bench into
/// `.build/static` of the package the bench was built from, so that one run measures
/// both builds of the same code.
/// `CONNECT_STATIC_BIN_DIR` names a directory of such binaries instead (no build).
enum StaticBuild {
    static let products = ["identity", "notifier", "admin", "portal", "connect-documents"]

    /// The directory holding the static binaries, or nil (and why) when they cannot be had.
    static func binDirectory(from dynamicBin: String) -> (dir: String?, note: String) {
        if let dir = ProcessInfo.processInfo.environment["CONNECT_STATIC_BIN_DIR"], !dir.isEmpty {
            return (dir, "from CONNECT_STATIC_BIN_DIR")
        }
        guard let root = packageRoot(above: dynamicBin) else { return (nil, "no Package.swift above \(dynamicBin)") }
        let buildPath = "\(root)/.build/static"
        guard let flags = imageFlags(root) else { return (nil, "no ARG SWIFT_BUILD_FLAGS in the Dockerfile") }
        let t0 = Date()
        for product in products {
            let status = swift(
                ["build", "-c", "release"] + flags + ["--build-path", buildPath, "--product", product], in: root)
            guard status == 0 else {
                return (nil, "`swift build \(flags.joined(separator: " ")) --product \(product)` failed")
            }
        }
        let built = String(format: "built in %.0f s", Date().timeIntervalSince(t0))
        return (
            "\(buildPath)/release",
            "`swift build -c release \(flags.joined(separator: " ")) --build-path .build/static`, \(built)"
        )
    }

    /// The Dockerfile's `ARG SWIFT_BUILD_FLAGS="…"`, split into words.
    static func imageFlags(_ root: String) -> [String]? {
        guard let text = try? String(contentsOfFile: root + "/Dockerfile", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ARG SWIFT_BUILD_FLAGS=") })
        else { return nil }
        let value = line.dropFirst("ARG SWIFT_BUILD_FLAGS=".count).trimmingCharacters(
            in: CharacterSet(charactersIn: "\""))
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
