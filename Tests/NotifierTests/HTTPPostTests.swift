import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// HTTPOutbox in this process against the loopback gateway: what the dispatcher
/// does not show (large bodies, concurrent workers sharing the handle pool, redirects).
final class HTTPPostTests: XCTestCase {
    var gateway: HTTPGateway!
    var temp: TempDirectory!

    func outbox(_ behaviour: String) throws -> HTTPOutbox {
        temp = TempDirectory("hp")
        gateway = try HTTPGateway(directory: temp.path, behaviour: behaviour)
        try HTTPOutbox.loadClient(library: "libcurl.so.4")
        let url = try XCTUnwrap(URL(string: String(gateway.url.dropFirst("http:".count))))
        return HTTPOutbox(url: url, token: nil, timeout: 5)
    }

    override func tearDown() {
        gateway?.stop()
        temp?.remove()
    }

    func testLetterPDFIsPostedWholeWithoutWaitingFor100Continue() throws {
        let http = try outbox("200")
        let pdf = Data((0..<1_100_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        try http.deliver(
            RenderedMessage(
                messageId: "msg_letter", channel: .letter, to: "Modèle SA", text: "lettre",
                pdf: pdf))
        let r = try XCTUnwrap(gateway.requests.first)
        XCTAssertEqual(gateway.requests.count, 1)
        XCTAssertNil(r.expect, "no Expect: 100-continue round trip")
        guard case .array(let attachments)? = r.body["attachments"], case .object(let first)? = attachments.first,
            let base64 = first["contentBase64"]?.stringValue
        else { return XCTFail("\(r.body)") }
        XCTAssertEqual(Data(base64Encoded: base64), pdf)
        XCTAssertEqual(first["filename"], "msg_letter.pdf")
    }

    func testConcurrentDeliveriesEachArriveOnce() throws {
        let http = try outbox("200")
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<10 {
                do {
                    try http.deliver(
                        RenderedMessage(
                            messageId: "msg_\(worker)_\(i)", channel: .sms, to: "+41791112233",
                            text: "code \(worker) \(i)"))
                } catch { failures.with { $0.append("\(worker)/\(i): \(error)") } }
            }
        }
        XCTAssertEqual(failures.get, [])
        let requests = gateway.requests
        XCTAssertEqual(requests.count, 80)
        XCTAssertEqual(Set(requests.compactMap(\.key)).count, 80)
        XCTAssertTrue(requests.allSatisfy { $0.body["messageId"]?.stringValue == $0.key })
    }

    func testRedirectIsNotFollowedAndFailsForGood() throws {
        let http = try outbox("301")
        XCTAssertThrowsError(
            try http.deliver(
                RenderedMessage(
                    messageId: "msg_r", channel: .sms, to: "+41791112233",
                    text: "x"))
        ) { error in
            XCTAssertEqual(error as? DeliveryError, .permanent("gateway answered HTTP 301"))
        }
        XCTAssertEqual(gateway.requests.count, 1)
    }
}
