import Contracts
import Foundation
import Runtime
import Wire
import XCTest

@testable import PortalCore

/// The libmicrohttpd wrapper for real, on a loopback port: the body cap, keep-alive,
/// and bodies handed over whole.
final class HTTPServerTests: XCTestCase {
    var server: HTTPServer!
    var port: UInt16 = 0

    override func setUpWithError() throws {
        let fd = try Listener.open(.tcp(host: "127.0.0.1", port: 0))
        var addr = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        var options = HTTPServer.Options()
        options.threads = 2
        options.maxBody = 1024
        server = HTTPServer(listenFD: fd, options: options) { r in
            .text("\(r.method) \(r.path) \(r.body.count) \(r.queryValue("q") ?? "-") \(r.peer)")
        }
        try server.start()
    }

    override func tearDown() { server.shutdown() }

    /// Sends raw bytes on one connection and reads until the server closes it.
    func exchange(_ raw: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        XCTAssertEqual(ok, 0)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(raw.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var out = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        // Every exchange ends with the server closing (Connection: close, or the 413's).
        while out.count < 1 << 20 {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testBodyHandedOverWholeAndQueryDecoded() throws {
        let body = String(repeating: "a", count: 700)
        let r = try exchange(
            "POST /x?q=%C3%A9t%C3%A9 HTTP/1.1\r\nHost: a\r\nContent-Length: 700\r\nConnection: close\r\n\r\n" + body)
        XCTAssertTrue(r.hasPrefix("HTTP/1.1 200"), r)
        XCTAssertTrue(r.contains("POST /x 700 été 127.0.0.1"), r)
    }

    func testOversizedBodyIs413() throws {
        let body = String(repeating: "a", count: 2000)
        let r = try exchange(
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n"
                + body)
        XCTAssertTrue(r.hasPrefix("HTTP/1.1 413"), r)
    }

    func testChunkedBodyOverTheCapIs413() throws {
        let chunk = String(repeating: "b", count: 800)
        let r = try exchange(
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n\(chunk)\r\n320\r\n\(chunk)\r\n0\r\n\r\n"
        )
        XCTAssertTrue(r.hasPrefix("HTTP/1.1 413"), r)
    }

    func testKeepAliveServesTwoRequestsOnOneConnection() throws {
        let one = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
        let r = try exchange(one + "GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(r.contains("GET /a 0"), r)
        XCTAssertTrue(r.contains("GET /b 0"), r)
    }
}
