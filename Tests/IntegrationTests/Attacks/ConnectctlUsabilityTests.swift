import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, connectctl as a new user and an operator find it: `register` asks again
/// after a weak password (on a real terminal: a pty driven by Python), messages follow
/// the language the person chose, progress and `next:` hints are on stdout, `profile`
/// shows the last login, a list ends with a labelled total.
final class ConnectctlUsabilityTests: XCTestCase {
    var dir: TempDirectory!
    var env: [String: String] = [:]

    /// connectctl with stdin not a terminal; stdout and stderr apart.
    private func ctl(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(ServiceProcess.binDirectory)/connectctl")
        p.arguments = args
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// Runs connectctl on a pseudo-terminal, answering each prompt (a text to wait
    /// for, then the line to type); returns everything the terminal showed and the exit status.
    private func onTerminal(_ args: [String], _ steps: [(String, String)]) throws -> (status: Int, screen: String) {
        let script = """
            import json, os, pty, select, subprocess, sys, time
            spec = json.load(open(sys.argv[1]))
            master, slave = pty.openpty()
            p = subprocess.Popen(spec["argv"], stdin=slave, stdout=slave, stderr=slave, env=spec["env"], close_fds=True)
            os.close(slave)
            screen = b""
            def read(deadline):
                global screen
                r, _, _ = select.select([master], [], [], max(0, deadline - time.time()))
                if not r: return False
                try: chunk = os.read(master, 4096)
                except OSError: return None
                if not chunk: return None
                screen += chunk
                return True
            pos = 0
            for wait, answer in spec["steps"]:
                deadline = time.time() + 20
                while wait.encode() not in screen[pos:] and time.time() < deadline:
                    if read(deadline) is None: break
                if wait.encode() not in screen[pos:]:
                    break
                # The next prompt is looked for after this answer only.
                screen += b"<<" + answer.encode() + b">>"
                pos = len(screen)
                os.write(master, (answer + "\\n").encode())
            deadline = time.time() + 20
            while p.poll() is None and time.time() < deadline:
                read(time.time() + 0.2)
            while read(time.time() + 0.2): pass
            if p.poll() is None: p.kill()
            print(json.dumps({"status": p.wait(), "screen": screen.decode("utf-8", "replace")}))
            """
        let scriptPath = dir.file("drive_terminal.py")
        let specPath = dir.file("drive_terminal.json")
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let spec: [String: JSONValue] = [
            "argv": .array((["\(ServiceProcess.binDirectory)/connectctl"] + args).map { .string($0) }),
            "env": .object(env.mapValues { .string($0) }),
            "steps": .array(steps.map { .array([.string($0.0), .string($0.1)]) }),
        ]
        try JSONCoding.encode(spec).write(to: URL(fileURLWithPath: specPath))
        let (status, output) = try ProgramRun.run("/usr/bin/python3", [scriptPath, specPath])
        XCTAssertEqual(status, 0, output)
        struct Result: Decodable {
            let status: Int
            let screen: String
        }
        let r = try JSONDecoder().decode(Result.self, from: Data(output.utf8))
        return (r.status, r.screen)
    }

    func testRegisterAsksAgainAndConnectctlSpeaksThePersonsLanguage() throws {
        let trio = Trio(prefix: "cu")
        defer { trio.remove() }
        dir = trio.dir
        try trio.start()
        let flows = Flows(trio)
        let employer = "4773.100"
        let email = "gerant@neuf.ch"
        let phone = "+41791230773"
        let password = "Fenetre-Lac-2026!"
        try flows.createEmployer(employer, name: "Neuf SA")
        let accessCode = try flows.invite(employer, email: "invite@neuf.ch")
        env = [
            "PATH": "/usr/bin:/bin", "HOME": dir.path, "CONNECT_RUN_DIR": trio["identity"].runDir,
            "CONNECT_SESSION_FILE": dir.file("ctl/session.json"),
        ]

        // Progress and `next:` hints on stdout, in order with the rest; nothing on stderr.
        var r = try ctl(["register", "--access-code", accessCode])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("4773.100  Neuf SA"), r.out)
        XCTAssertTrue(r.out.contains("next: connectctl register --email"), r.out)
        XCTAssertEqual(r.err, "")
        let seen = flows.outbox.files("email", to: email)
        r = try ctl(["register", "--email", email])
        XCTAssertTrue(r.out.contains("Activation code sent to \(email)"), r.out)
        let activation = try flows.outbox.waitForCode("email", to: email, excluding: seen)
        r = try ctl(["register", "--activation-code", activation])
        XCTAssertEqual(r.status, 0, r.err)

        // On a terminal: a weak password is asked again; after choosing French, French.
        let screen = try onTerminal(
            ["register"],
            [
                ("Prénom", "Léa"), ("Nom", "Gérant"), ("Langue", "fr"),
                ("Mot de passe", "password"), ("Répéter", "password"), ("J'accepte", "yes"),
                ("Essayez un autre mot de passe", password), ("Répéter", password),
                ("Mobile", phone), ("Code SMS:", "000000"),
            ]
        ).screen
        XCTAssertTrue(screen.contains("Essayez un autre mot de passe."), screen)
        XCTAssertTrue(screen.contains("Code SMS envoyé au"), screen)
        XCTAssertTrue(screen.contains("connectctl: invalid_code: Le code n'est pas valable."), screen)
        XCTAssertFalse(screen.contains("is not valid"), screen)

        // Scripted from there: the right code, a login, the profile, the user list.
        let sms = try flows.outbox.waitForCode("sms", to: phone, excluding: [])
        r = try ctl(["register", "--sms-code", sms])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Terminé."), r.out)
        let seenSms = flows.outbox.files("sms", to: phone)
        r = try ctl(["login", "--email", email, "--password", password])
        XCTAssertTrue(r.out.contains("Code SMS envoyé au"), r.out)
        r = try ctl(["login", "--sms-code", try flows.outbox.waitForCode("sms", to: phone, excluding: seenSms)])
        XCTAssertEqual(r.status, 0, r.err)
        _ = try eventually { try ctl(["--lang", "en", "users", "list"]).status == 0 ? true : nil }

        r = try ctl(["--lang", "en", "profile"])
        let json = try ctl(["--json", "profile"])
        let lastLogin = try XCTUnwrap(
            try JSONCoding.decoder.decode(OwnProfile.self, from: Data(json.out.utf8)).lastLoginAt)
        XCTAssertTrue(r.out.contains("last login: \(lastLogin)"), r.out)
        XCTAssertTrue(r.out.contains("previous login: -"), r.out)

        r = try ctl(["--lang", "en", "users", "list"])
        XCTAssertEqual(r.out.split(separator: "\n").last, "total: 1", r.out)
        XCTAssertEqual(try ctl(["--lang", "de", "users", "list"]).out.split(separator: "\n").last, "Total: 1")
    }
}
