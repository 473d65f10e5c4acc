import Contracts
import Foundation
import Runtime
import TestSupport
import Wire

/// Python's e-mail package and HTML parser as the judges of what the notifier
/// delivered (Debian's /usr/bin/python3, as the other tests use).
enum DeliveredEmail {
    struct Parsed: Decodable {
        let to: String
        let defects: [String]
        let text: String
        /// Every `<a href>` of the HTML alternative, as a browser's parser finds them.
        let links: [String]
        let html: String
    }

    static let script = """
        import sys, json, email
        from email import policy
        from html.parser import HTMLParser
        m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
        text = m.get_body(('plain',)).get_content()
        html = m.get_body(('html',)).get_content()
        class Links(HTMLParser):
            def __init__(self):
                super().__init__(); self.links = []
            def handle_starttag(self, tag, attrs):
                if tag == 'a': self.links += [v for k, v in attrs if k == 'href']
        p = Links(); p.feed(html)
        print(json.dumps({"to": str(m["to"]), "defects": [str(d) for d in m.defects], "text": text,
                          "links": p.links, "html": html}))
        """

    static func parse(_ path: String) throws -> Parsed {
        let scriptPath = NSTemporaryDirectory() + "/connect-attack-email.py"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [scriptPath, path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw NSError(domain: "python", code: Int(p.terminationStatus)) }
        return try JSONDecoder().decode(Parsed.self, from: data)
    }
}

/// Polls `body` until it returns a value or `timeout` passes.
func eventually<T>(timeout: TimeInterval = 10, _ body: () throws -> T?) rethrows -> T? {
    var value: T?
    try Poll.until(timeout: timeout) {
        value = try body()
        return value != nil
    }
    return try value ?? body()
}
