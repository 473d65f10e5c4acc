import Contracts
import Runtime
import Wire
import XCTest

@testable import NotifierCore

final class RetryPolicyTests: XCTestCase {
    func testDefaultScheduleIsEightAttemptsOverAboutAnHour() {
        let policy = RetryPolicy()
        XCTAssertEqual(policy.maxAttempts, 8)
        XCTAssertEqual(policy.schedule, [30, 60, 120, 240, 480, 960, 1920])
        let total = policy.schedule.reduce(0, +)
        XCTAssertGreaterThan(total, 50 * 60)
        XCTAssertLessThan(total, 75 * 60)
        XCTAssertNil(policy.delay(afterAttempts: 8), "no ninth attempt")
    }

    func testJitterStaysWithinTwentyPercent() {
        let policy = RetryPolicy()
        XCTAssertEqual(policy.delay(afterAttempts: 3, random: 0)!, 96, accuracy: 0.001)
        XCTAssertEqual(policy.delay(afterAttempts: 3, random: 1)!, 144, accuracy: 0.001)
        for _ in 0..<100 {
            let d = policy.delay(afterAttempts: 2)!
            XCTAssertTrue((48...72).contains(d))
        }
    }

    func testCap() {
        let policy = RetryPolicy(maxAttempts: 50, base: 30, cap: 600)
        XCTAssertEqual(policy.nominalDelay(afterAttempts: 40), 600)
    }
}
