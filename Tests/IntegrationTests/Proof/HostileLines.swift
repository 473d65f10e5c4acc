import Foundation

/// One line of the hostile stream, and what its reply's `id` must be.
struct HostileLine {
    enum Expect {
        /// The header is readable: the reply carries exactly this id (nil: `null`).
        case id(String?)
        /// The header may or may not be readable: this id or `null`.
        case idOrNull(String)
        /// Garbage: any id (in practice `null`).
        case any
        /// A `health` request: must succeed and name the service.
        case health(String)
    }
    let bytes: [UInt8]
    let expect: Expect
    let kind: String
}

/// Makes random and mutated request lines: garbage bytes, invalid UTF-8, deep
/// nesting, huge numbers, wrong types, missing fields, and valid envelopes of every
/// message type with mutated bodies. Never a `\n` inside, never a blank line.
struct HostileLineMaker {
    var rng: SplitMix64
    let service: String
    let own: [ContractSamples.Sample]
    let others: [ContractSamples.Sample]
    private var counter = 0

    init(rng: SplitMix64, service: String) {
        self.rng = rng
        self.service = service
        own = ContractSamples.all.filter { $0.service == service }
        others = ContractSamples.all.filter { $0.service != service }
    }

    mutating func next() -> HostileLine {
        counter += 1
        let roll = rng.int(0...99)
        var line: HostileLine
        switch roll {
        case 0..<8: line = garbage()
        case 8..<12: line = notAnEnvelope()
        case 12..<17: line = invalidUTF8()
        case 17..<19: line = deepNesting()
        case 19..<24: line = hugeNumbers()
        case 24..<34: line = mutatedEnvelope()
        case 34..<76: line = mutatedBody()
        case 76..<88: line = mutatedBytes()
        case 88..<94: line = validSample()
        default:
            line = HostileLine(
                bytes: envelope(id: nextId(), type: "health", body: .object([])).bytes,
                expect: .health(service), kind: "health")
        }
        return Self.safe(line)
    }

    // MARK: kinds

    private mutating func garbage() -> HostileLine {
        let n = rng.int(1...300)
        var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        if rng.chance(0.5) { bytes[0] = 0x7B } // looks like an object at first
        return HostileLine(bytes: bytes, expect: .any, kind: "garbage")
    }

    private mutating func notAnEnvelope() -> HostileLine {
        let texts = [
            "null", "true", "0", "-1", "1e999", "\"health\"", "[]", "[{\"type\":\"health\"}]", "{}", "{",
            "}", "{\"id\":", "{\"id\":\"x\",}", "{'id':'x'}", "{\"id\":\"x\" \"type\":\"health\"}",
            "NaN", "Infinity", "{\"type\":\"health\"}}", "\u{FEFF}{\"type\":\"health\"}", "{\"a\":1}{\"b\":2}",
            "{\"id\":\"x\",\"type\":\"health\",\"body\":{}", "/* */{}", "{\"type\":\"health\"} trailing",
        ]
        return HostileLine(bytes: Array(rng.pick(texts).utf8), expect: .any, kind: "not_an_envelope")
    }

    private mutating func invalidUTF8() -> HostileLine {
        let bad: [[UInt8]] = [
            [0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xE2, 0x82], [0x80], [0xFE, 0xFF], [0xF0, 0x9F, 0x98],
        ]
        let sample = pickSample()
        var raw = Array("abc".utf8) + rng.pick(bad) + Array("def".utf8)
        if rng.chance(0.3) { raw = rng.pick(bad) }
        let body: RawJSON
        if let key = sample.body.keys.randomElement(using: &rng), rng.chance(0.7) {
            body = sample.body.replacing(key, with: .string(raw))
        } else {
            body = sample.body.replacing("x", with: .string(raw))
        }
        // Upper case on purpose: a keyword with its underscore.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let where_ = rng.int(0...3)
        let id = where_ == 0 ? RawJSON.string(raw) : .str(nextId())
        let type = where_ == 1 ? RawJSON.string(Array(sample.type.utf8) + raw) : .str(sample.type)
        let lang = where_ == 2 ? RawJSON.string(raw) : .str("fr")
        return HostileLine(
            bytes: RawJSON.object([("id", id), ("type", type), ("lang", lang), ("body", body)]).bytes,
            expect: .any, kind: "invalid_utf8")
    }

    private mutating func deepNesting() -> HostileLine {
        var depth = rng.pick([64, 513, 1000, 10_000, 100_000, 300_000])
        let open: [UInt8] = rng.chance(0.5) ? [0x5B] : Array("{\"a\":".utf8)
        if open.count > 1 { depth = min(depth, 150_000) } // stays under the 1 MiB line limit
        let close: [UInt8] = open == [0x5B] ? [0x5D] : [0x7D]
        var nest = [UInt8]()
        nest.reserveCapacity(depth * (open.count + 1) + 8)
        for _ in 0..<depth { nest += open }
        nest += Array("1".utf8)
        if rng.chance(0.7) { for _ in 0..<depth { nest += close } }
        let prefix = Array("{\"id\":\"\(nextId())\",\"type\":\"\(pickSample().type)\",\"body\":".utf8)
        let bytes = rng.chance(0.8) ? prefix + Array("{\"x\":".utf8) + nest + [0x7D, 0x7D] : nest
        return HostileLine(bytes: bytes, expect: .any, kind: "deep_nesting")
    }

    private mutating func hugeNumbers() -> HostileLine {
        let sample = pickSample()
        var body = sample.body
        let keys = body.keys + ["offset", "limit", "x"]
        for _ in 0..<rng.int(1...3) { body = body.replacing(rng.pick(keys), with: .number(hugeNumber())) }
        let id = nextId()
        let envelope = RawJSON.object([
            ("id", .str(id)), ("type", .str(sample.type)),
            ("session", .str("s")), ("body", body),
        ])
        return HostileLine(bytes: envelope.bytes, expect: .idOrNull(id), kind: "huge_numbers")
    }

    private mutating func mutatedEnvelope() -> HostileLine {
        let sample = pickSample()
        let id = nextId()
        var fields: [(String, RawJSON)] = [
            ("id", .str(id)), ("type", .str(sample.type)),
            ("session", .str("0123456789abcdef")), ("lang", .str("de")),
            ("body", sample.body),
        ]
        var replyId: String? = id
        var rawId = false
        let target = rng.int(0...4)
        var value = hostileValue()
        if rng.chance(0.3) {
            fields.remove(at: target)
            value = .null
            if target == 0 { replyId = nil }
        } else {
            fields[target].1 = value
            if target == 0 {
                switch value {
                case .string(let s): replyId = String(decoding: s, as: UTF8.self)
                case .number: rawId = true // an escaped lone surrogate may or may not read as a string
                default: replyId = nil
                }
            }
        }
        var extra = RawJSON.null
        if rng.chance(0.2) {
            extra = hostileValue()
            fields.append(("extra", extra))
        }
        if rng.chance(0.1) { fields.shuffle(using: &rng) }
        let expect = rawId ? .any : expectation(replyId, .array([value, extra]))
        return HostileLine(bytes: RawJSON.object(fields).bytes, expect: expect, kind: "mutated_envelope")
    }

    private mutating func mutatedBody() -> HostileLine {
        let sample = pickSample()
        var body = sample.body
        let ops = rng.int(1...3)
        for _ in 0..<ops {
            let keys = body.keys
            switch rng.int(0...6) {
            case 0 where !keys.isEmpty: body = body.replacing(rng.pick(keys), with: nil)
            case 1 where !keys.isEmpty:
                body = body.replacing(rng.pick(keys), with: hostileValue())
            case 2: body = body.replacing("unexpected\(rng.int(0...3))", with: hostileValue())
            case 3: body = rng.pick([.array([]), .str("body"), .int(1), .null, .bool(true), .array([sample.body])])
            case 4 where !keys.isEmpty: // every text field gets a hostile but well-typed string
                for k in keys {
                    if case .string = field(body, k) { body = body.replacing(k, with: .str(hostileText())) }
                }
            default:
                if let k = keys.randomElement(using: &rng) { body = body.replacing(k, with: .str(hostileText())) }
            }
        }
        let id = nextId()
        let env = envelope(id: id, type: sample.type, body: body)
        return HostileLine(bytes: env.bytes, expect: expectation(id, body), kind: "mutated_body")
    }

    private mutating func mutatedBytes() -> HostileLine {
        var bytes = envelope(id: nextId(), type: pickSample().type, body: pickSample().body).bytes
        for _ in 0..<rng.int(1...8) {
            guard !bytes.isEmpty else { break }
            let at = rng.int(0...(bytes.count - 1))
            switch rng.int(0...4) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            case 3: bytes = Array(bytes[..<at])
            default: bytes[at] ^= 1 << UInt8(rng.int(0...7))
            }
        }
        return HostileLine(bytes: bytes, expect: .any, kind: "mutated_bytes")
    }

    private mutating func validSample() -> HostileLine {
        let sample = pickSample()
        let id = nextId()
        return HostileLine(
            bytes: envelope(id: id, type: sample.type, body: sample.body).bytes,
            expect: .id(id), kind: "valid_shape")
    }

    // MARK: values

    private mutating func hostileValue() -> RawJSON {
        switch rng.int(0...9) {
        case 0: return .null
        case 1: return .bool(rng.chance(0.5))
        case 2: return .number(hugeNumber())
        case 3: return .number(rng.pick(["0", "-1", "1.5", "-0", "1E+2", "3"]))
        case 4: return .str(hostileText())
        case 5: return .str(String(repeating: rng.pick(["A", "é", "€", "😀"]), count: rng.int(1_000...100_000)))
        case 6: return .array(rng.chance(0.5) ? [] : [.int(1), .str("a"), .null])
        case 7: return .object(rng.chance(0.5) ? [] : [("a", .int(1))])
        case 8: return .number(rng.pick(["\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"a\\u0000b\""]))
        default:
            var v = RawJSON.int(1)
            for _ in 0..<rng.int(2...60) { v = rng.chance(0.5) ? .array([v]) : .object([("a", v)]) }
            return v
        }
    }

    private mutating func hugeNumber() -> String {
        rng.pick([
            "1e999", "-1e999", "123456789012345678901234567890", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "1e-999", "0.0000000000000000000000000001",
            String(repeating: "9", count: rng.int(20...2000)), "1" + String(repeating: "0", count: 400) + ".5",
        ])
    }

    /// SQL metacharacters, look-alikes, invisible and direction-changing characters.
    mutating func hostileText() -> String {
        rng.pick(Self.texts)
    }

    static let texts = [
        "'", "''", "\"", "\\", "%", "_", "%_\\'\"", "'; DROP TABLE accounts; --", "\" OR 1=1 --",
        "Robert'); DELETE FROM users;--", "*/ SELECT * FROM sqlite_master /*", "?", "?1", ":name", "@x", "$1",
        "Аnna", "Мuster", "ｍｕｓｔｅｒ＠example.ch", "anna@exаmple.ch", "e\u{301}", "\u{200B}", "\u{202E}gpj.exe",
        "İstanbul", "ß", "🇨🇭", "\u{FEFF}", "Ⅻ", "ＡＢＣＤ ＥＦＧＨ ＪＫＭＮ", "０７９ １１１ ２２ ３３", "१२३४५६",
        "x\u{0000}y", "\t\r", "", " ", "null", "true", "0", "-1", "NaN", "1283.220'--", "+41791112233' OR '1'='1",
        "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd", "%00", "%s%s%s%n",
    ]

    // MARK: helpers

    private mutating func pickSample() -> ContractSamples.Sample {
        rng.chance(0.9) ? rng.pick(own) : rng.pick(others)
    }

    private mutating func nextId() -> String { "h-\(counter)-\(rng.next() % 1000)" }

    private func envelope(id: String, type: String, body: RawJSON) -> RawJSON {
        .object([
            ("id", .str(id)), ("type", .str(type)), ("lang", .str(["fr", "de", "it", "en"][counter % 4])),
            ("body", body),
        ])
    }

    private func field(_ object: RawJSON, _ key: String) -> RawJSON? {
        if case .object(let f) = object { return f.first { $0.0 == key }?.1 }
        return nil
    }

    /// Huge numbers and escaped lone surrogates may make the whole document
    /// unreadable to the decoder: then the reply's id may be null.
    private func expectation(_ id: String?, _ value: RawJSON) -> HostileLine.Expect {
        guard containsNumberText(value) else { return .id(id) }
        return id.map { .idOrNull($0) } ?? .id(nil)
    }

    /// Ordinary small integers are harmless; anything else written raw may not be.
    private func containsNumberText(_ v: RawJSON) -> Bool {
        switch v {
        case .number(let text):
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            return digits.isEmpty || digits.count > 9 || !digits.allSatisfy(\.isASCII) || !digits.allSatisfy(\.isNumber)
        case .array(let a): return a.contains { containsNumberText($0) }
        case .object(let o): return o.contains { containsNumberText($0.1) }
        default: return false
        }
    }

    /// No `\n` inside a line, and never a blank line (the server answers nothing to those).
    /// Lines over the limit are tested on their own (they close the connection).
    static func safe(_ line: HostileLine) -> HostileLine {
        if line.bytes.count > 1_000_000 {
            return safe(HostileLine(bytes: Array(line.bytes.prefix(1000)), expect: .any, kind: line.kind + "_cut"))
        }
        var bytes = line.bytes.map { $0 == 0x0A ? 0x0B : $0 }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { bytes.insert(0x78, at: 0) }
        return HostileLine(bytes: bytes, expect: line.expect, kind: line.kind)
    }
}
