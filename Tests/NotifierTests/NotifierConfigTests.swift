import Contracts
import Foundation
import Runtime
import Wire
import XCTest

@testable import NotifierCore

final class NotifierConfigTests: XCTestCase {
    func spec(_ raw: String, _ channel: Channel = .email) throws -> OutboxSpec {
        try OutboxSpec(parsing: raw, for: channel, setting: "NOTIFIER_OUTBOX")
    }

    func testOutboxKinds() throws {
        XCTAssertEqual(try spec("file:./.connect/outbox"), .file(directory: "./.connect/outbox"))
        XCTAssertEqual(
            try spec("sendmail:/usr/bin/msmtp -C /etc/msmtprc"),
            .sendmail(program: ["/usr/bin/msmtp", "-C", "/etc/msmtprc"]))
        XCTAssertEqual(
            try spec("http:http://127.0.0.1:8080/send", .sms), .http(url: URL(string: "http://127.0.0.1:8080/send")!))
        XCTAssertEqual(
            try spec("http:https://gw.example.ch/v1", .sms), .http(url: URL(string: "https://gw.example.ch/v1")!))
        XCTAssertEqual(
            try spec("https://gw.example.ch/v1", .letter), .http(url: URL(string: "https://gw.example.ch/v1")!))
        for bad in ["", "file:", "smtp:x", "sendmail:", "http:not a url", "http:ftp://x"] {
            XCTAssertThrowsError(try spec(bad), bad)
        }
        XCTAssertThrowsError(try spec("sendmail:/usr/sbin/sendmail", .sms), "sendmail carries e-mail only")
    }

    func testDefaultsAndPerChannelOverrides() throws {
        let c = try NotifierConfig(
            environment: Environment([
                "NOTIFIER_OUTBOX": "file:/tmp/o", "NOTIFIER_SMS_OUTBOX": "http:http://gw/sms",
                "NOTIFIER_FUND_ADDRESS": "Caisse AK 63| Case postale |3001 Bern", "NOTIFIER_FUND_NAME": "AK 63",
            ]))
        XCTAssertEqual(c.outboxes[.email], .file(directory: "/tmp/o"))
        XCTAssertEqual(c.outboxes[.letter], .file(directory: "/tmp/o"))
        XCTAssertEqual(c.outboxes[.sms], .http(url: URL(string: "http://gw/sms")!))
        XCTAssertEqual(c.fund.address, ["Caisse AK 63", "Case postale", "3001 Bern"])
        XCTAssertEqual(c.fund.name, "AK 63")
        XCTAssertEqual(c.fund.supportDepartment, "Contributions")
        XCTAssertEqual(c.fund.supportPhone, "+41 31 390 23 25")
        XCTAssertEqual(c.maxAttempts, 8)
        let d = try NotifierConfig(environment: Environment([:]))
        XCTAssertEqual(d.outboxes[.email], .file(directory: "./.connect/outbox"))
        XCTAssertThrowsError(try NotifierConfig(environment: Environment(["NOTIFIER_MAX_ATTEMPTS": "0"])))
        XCTAssertThrowsError(try NotifierConfig(environment: Environment(["NOTIFIER_FROM": "nobody"])))
        XCTAssertThrowsError(try NotifierConfig(environment: Environment(["NOTIFIER_LETTER_OUTBOX": "pigeon:x"]))) {
            e in
            XCTAssertEqual((e as? ConfigError)?.name, "NOTIFIER_LETTER_OUTBOX")
        }
    }
}
