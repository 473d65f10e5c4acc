import Foundation
import Runtime
import Server
import Sockets
import Wire
import XCTest

/// Issue 18, item 10: `.peers` messages are checked against the named services'
/// uid settings; `CONNECT_SERVICE_UIDS` is only the fallback of an unset one.
final class PeerAccessTests: XCTestCase {
    enum FromAdmin: Message {
        static let type = "t.fromAdmin"
        static let access = Access.peers([.admin])
        typealias Body = Empty
        typealias Reply = Empty
    }

    func testAPeersMessageIsForbiddenToEveryOtherService() throws {
        let router = Router(
            logger: Logger(service: "t", minimum: .error), staffUIDs: [], serviceUIDs: [7, 8, 9],
            peerUIDs: [.identity: [7], .admin: [8], .notifier: [9]])
        router.on(FromAdmin.self) { _, _ in Empty() }
        func code(_ uid: UInt32) throws -> String? {
            let reply = router.handle(
                line: Data(#"{"id":"1","type":"t.fromAdmin"}"#.utf8),
                peer: PeerCredentials(pid: 1, uid: uid, gid: 0))
            return try JSONCoding.decoder.decode(ReplyEnvelope.self, from: reply).error?.code
        }
        XCTAssertNil(try code(8))
        XCTAssertEqual(try code(7), "forbidden")
        XCTAssertEqual(try code(9), "forbidden")
    }

    func testUidSettingsAndTheirFallback() throws {
        let own = getuid()
        let unset = try CommonConfig(service: "admin", environment: Environment([:]))
        XCTAssertEqual(unset.peerUIDs[.identity], [own])
        XCTAssertEqual(unset.peersFromFallback, [])
        let shared = try CommonConfig(
            service: "admin",
            environment: Environment([
                "CONNECT_SERVICE_UIDS": "5,6",
                "CONNECT_IDENTITY_UIDS": "5",
            ]))
        XCTAssertEqual(shared.peerUIDs[.identity], [5])
        XCTAssertEqual(shared.peerUIDs[.notifier], [5, 6])
        XCTAssertEqual(shared.peersFromFallback, [.notifier], "admin's own setting is not a fallback it warns about")
        XCTAssertThrowsError(try CommonConfig(service: "admin", environment: Environment(["CONNECT_ADMIN_UIDS": "x"])))
    }
}
