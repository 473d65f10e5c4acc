import Client
import Contracts
import Foundation
import Messaging
import Runtime
import SQLite
import Server
import Wire
import XCTest

/// The contract's words became types; their JSON did not change.
final class VocabularyTests: XCTestCase {
    private func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONCoding.encode(value), as: UTF8.self)
    }

    func testTheTypedValuesTravelAsTheStringsTheyReplaced() throws {
        let info = AccountInfo(
            accountId: "a", email: "e", firstName: "f", lastName: "l", language: .fr,
            state: .disabled, mfa: .sms, maskedPhone: nil, lockedUntil: nil, disabled: true,
            lastLoginAt: nil)
        let text = try json(info)
        XCTAssertTrue(text.contains(#""state":"disabled""#), text)
        XCTAssertTrue(text.contains(#""mfa":"SMS""#), text)
        let row = UserRow(
            userId: "u", displayName: "d", email: "e", language: "F", disabled: false, reference: "",
            mfa: .notEnrolled, remarks: "")
        XCTAssertTrue(try json(row).contains(#""mfa":"""#))
        let entry = AuditEntry(at: "t", actor: "a", action: .userPhoneConfirmed, target: "x", before: nil, after: nil)
        XCTAssertTrue(try json(entry).contains(#""action":"user.phone_confirmed""#))
        XCTAssertTrue(
            try json(EmployerSummary(number: "1", name: "n", status: .notInvited)).contains(#""status":"none""#))
        XCTAssertEqual(
            try json(LoginStart.Reply(challengeId: "c", next: .enrollSms, maskedPhone: nil)),
            #"{"challengeId":"c","next":"enrollSms"}"#)
        XCTAssertTrue(try json(UsersSearch.Body(employer: "e", sort: .emailDescending)).contains(#""sort":"-email""#))
    }

    func testEveryValueReadsBackAndAnUnknownOneIsRefused() throws {
        func roundTrip<T: Codable & Equatable & CaseIterable & RawRepresentable>(_ type: T.Type) throws
        where T.RawValue == String {
            for value in T.allCases {
                let back = try JSONDecoder().decode(T.self, from: JSONCoding.encode(value))
                XCTAssertEqual(back, value)
            }
            XCTAssertThrowsError(try JSONDecoder().decode(T.self, from: Data(#""no-such-value""#.utf8)))
        }
        try roundTrip(AccountState.self)
        try roundTrip(UserState.self)
        try roundTrip(SecondFactor.self)
        try roundTrip(LoginNext.self)
        try roundTrip(RegistrationNext.self)
        try roundTrip(InvitationDelivery.self)
        try roundTrip(EmployerStatus.self)
        try roundTrip(ExportFormat.self)
        try roundTrip(UserSort.self)
        try roundTrip(AuditAction.self)
        XCTAssertEqual(UserState(AccountState.pendingPhone), .pendingPhone)
    }

    func testTheSchemaStillShowsThemAsPlainStrings() {
        guard case .object(let props) = SchemaReader.schema(of: EmployerInvite.Body.self) else {
            return XCTFail("not an object")
        }
        XCTAssertEqual(props.map(\.name), ["number", "delivery", "email"], "every field after the typed one is read")
        XCTAssertEqual(props.first { $0.name == "delivery" }?.node, .string)
    }
}
