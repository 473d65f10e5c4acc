import Foundation

/// The real readers the document tests check against: poppler (pdftotext, pdffonts,
/// pdftoppm), Debian's python3 with openpyxl, and LibreOffice headless. A missing
/// tool is an error naming the package (CI installs them: a skip would hide a
/// broken check).
public enum DocumentReaders {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    static func require(_ path: String, package: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "\(path) is missing: apt-get install \(package) (make test-deps)")
        }
    }

    /// pdftotext's UTF-8 text of `path`, with extra options (e.g. ["-raw"], a crop box).
    public static func pdfText(_ path: String, _ options: [String] = []) throws -> String {
        try require("/usr/bin/pdftotext", package: "poppler-utils")
        let (status, output) = try ProgramRun.run("/usr/bin/pdftotext", options + ["-enc", "UTF-8", path, "-"])
        guard status == 0 else { throw Missing(description: "pdftotext failed: \(output)") }
        return output
    }

    /// The text of one rectangle of one page (points from the top-left corner).
    public static func pdfText(
        _ path: String, page: Int, x: Double, y: Double, width: Double,
        height: Double
    ) throws -> String {
        try pdfText(
            path,
            [
                "-raw", "-f", "\(page)", "-l", "\(page)", "-x", "\(Int(x))", "-y", "\(Int(y))",
                "-W", "\(Int(width))", "-H", "\(Int(height))",
            ])
    }

    /// Text wrapped over lines, put back on one: lines joined by a space, except after
    /// a line that ends with a hyphen (the name's own, where the line was broken).
    public static func unwrap(_ text: String) -> String {
        var out = ""
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\u{0C}" }) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if !out.isEmpty && !out.hasSuffix("-") { out += " " }
            out += trimmed
        }
        return out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    public struct Font: Equatable {
        public var name: String
        public var type: String
        public var embedded: Bool
        public var subset: Bool
    }

    /// pdffonts' table: one row per font of the document.
    public static func pdfFonts(_ path: String) throws -> [Font] {
        try require("/usr/bin/pdffonts", package: "poppler-utils")
        let (status, output) = try ProgramRun.run("/usr/bin/pdffonts", [path])
        guard status == 0 else { throw Missing(description: "pdffonts failed: \(output)") }
        // name  type (may hold spaces)  encoding  emb sub uni object ID
        return output.split(separator: "\n").dropFirst(2).compactMap { line in
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 7 else { return nil }
            let tail = Array(words.suffix(5)) // emb sub uni id 0
            return Font(
                name: words[0], type: words[1..<(words.count - 6)].joined(separator: " "),
                embedded: tail[0] == "yes", subset: tail[1] == "yes")
        }
    }

    /// Page `page` as a PNG next to the PDF (for a person to look at); returns its path.
    public static func png(_ path: String, page: Int = 1, dpi: Int = 110) throws -> String {
        try require("/usr/bin/pdftoppm", package: "poppler-utils")
        let prefix = (path as NSString).deletingPathExtension + "-p\(page)"
        _ = try ProgramRun.run(
            "/usr/bin/pdftoppm",
            [
                "-png", "-r", "\(dpi)", "-f", "\(page)", "-l", "\(page)",
                "-singlefile", path, prefix,
            ])
        return prefix + ".png"
    }

    /// The QR codes zbar reads on page `page` rendered at `dpi` (poppler's pdftoppm, then
    /// zbar-tools' zbarimg), optionally in a crop given in points from the top-left corner;
    /// each symbol's data exactly as encoded.
    public static func qrCodes(
        _ path: String, page: Int = 1, dpi: Int = 300,
        crop: (x: Double, y: Double, width: Double, height: Double)? = nil
    ) throws -> [String] {
        try require("/usr/bin/pdftoppm", package: "poppler-utils")
        try require("/usr/bin/zbarimg", package: "zbar-tools")
        let prefix = (path as NSString).deletingPathExtension + "-qr\(page)-\(dpi)"
        var options = ["-png", "-r", "\(dpi)", "-f", "\(page)", "-l", "\(page)", "-singlefile"]
        if let crop {
            let px = { (points: Double) in "\(Int((points * Double(dpi) / 72).rounded()))" }
            options += ["-x", px(crop.x), "-y", px(crop.y), "-W", px(crop.width), "-H", px(crop.height)]
        }
        let render = try ProgramRun.run("/usr/bin/pdftoppm", options + [path, prefix])
        guard render.status == 0 else { throw Missing(description: "pdftoppm failed: \(render.output)") }
        // Exit 4: no symbol found. --raw: the bytes as encoded, no charset guessing.
        let (status, output) = try ProgramRun.run(
            "/usr/bin/zbarimg",
            [
                "--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable",
                prefix + ".png",
            ])
        guard status == 0 || status == 4 else { throw Missing(description: "zbarimg failed (\(status)): \(output)") }
        return output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Every sheet's rows as openpyxl reads them, each cell as [value, data type]
    /// ("s" text, "n" number, "b" boolean, "f" formula); JSON text.
    public static func openpyxl(_ path: String) throws -> String {
        try require("/usr/bin/python3", package: "python3")
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                out[ws.title] = {"rows": [[[c.value, c.data_type] for c in row] for row in ws.iter_rows()],
                                 "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                                 "bold": [bool(c.font.b) for c in ws[1]],
                                 "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth}}
            out["title"] = wb.properties.title
            print(json.dumps(out))
            """
        let (status, output) = try ProgramRun.run("/usr/bin/python3", ["-c", script, path])
        guard status == 0 else { throw Missing(description: "openpyxl (python3-openpyxl) failed: \(output)") }
        return output
    }

    /// The first sheet of each workbook as LibreOffice exports it to CSV (UTF-8, comma,
    /// double quotes), parsed by Python's csv module: one soffice start for all files, with
    /// a profile of its own (an ops user's profile stays untouched, runs do not collide).
    public static func libreOfficeCSV(_ paths: [String]) throws -> [[[String]]] {
        try require("/usr/bin/soffice", package: "libreoffice-calc-nogui")
        let out = NSTemporaryDirectory() + "/connect-lo-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let (status, output) = try ProgramRun.run(
            "/usr/bin/soffice",
            [
                "-env:UserInstallation=file://\(out)/profile", "--headless", "--norestore",
                "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", out,
            ] + paths)
        guard status == 0 else { throw Missing(description: "soffice failed: \(output)") }
        return try paths.map { path in
            let csv = out + "/" + ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".csv"
            let script =
                "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))))"
            let (s, json) = try ProgramRun.run("/usr/bin/python3", ["-c", script, csv])
            guard s == 0, let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String]] else {
                throw Missing(description: "no CSV from LibreOffice for \(path): \(output) \(json)")
            }
            return rows
        }
    }
}
