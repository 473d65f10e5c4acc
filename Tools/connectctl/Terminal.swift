import Foundation
import Wire

/// Reading from the person at the terminal: plain lines, and secrets without echo.
enum Terminal {
    static var isInteractive: Bool { isatty(0) == 1 }

    static func ask(_ prompt: String) -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine(strippingNewline: true) ?? ""
    }

    /// Reads a line with echo off (passwords); echo comes back even on error.
    static func askSecret(_ prompt: String) -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var old = termios()
        let isTTY = tcgetattr(0, &old) == 0
        if isTTY {
            var silent = old
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &silent)
        }
        let line = readLine(strippingNewline: true) ?? ""
        if isTTY {
            tcsetattr(0, TCSANOW, &old)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return line
    }

    /// The option's value, or ask for it when interactive, or fail with a usage line.
    /// A new password: `--<name>`, else asked twice (hidden) on a terminal.
    /// Two different entries are asked again (a typo is no reason to start over).
    static func newPassword(_ args: Arguments, _ name: String, prompt: String, lang: Language = .en) throws -> String {
        if let v = args.value(name), !v.isEmpty { return v }
        guard isInteractive else { throw CLIError.usage("--\(name) \(Words.required.in(lang))") }
        for _ in 0..<3 {
            let password = askSecret(prompt)
            if askSecret("Répéter / repeat: ") == password { return password }
            FileHandle.standardError.write(Data((Words.passwordsDiffer.in(lang) + "\n").utf8))
        }
        throw CLIError.failed(Words.passwordsDiffer.in(lang))
    }

    static func value(_ args: Arguments, _ name: String, prompt: String, secret: Bool = false) throws -> String {
        if let v = args.value(name), !v.isEmpty { return v }
        guard isInteractive else { throw CLIError.usage("--\(name) is required") }
        let v = secret ? askSecret(prompt) : ask(prompt)
        guard !v.isEmpty else { throw CLIError.usage("--\(name) is required") }
        return v
    }
}

/// Plain tables for people; `--json` prints the reply instead.
enum Table {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map { $0.count }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}
