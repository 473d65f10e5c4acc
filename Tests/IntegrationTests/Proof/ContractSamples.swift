import Contracts
import Foundation

/// One well-formed body for every message of `Shared/Contracts`, by the service
/// that answers it: the starting point the hostile test mutates.
enum ContractSamples {
    struct Sample {
        let type: String
        let service: String
        let body: RawJSON
    }

    static let email = RawJSON.str("anna.muster@example.ch")
    static let id = RawJSON.str("0123456789abcdef0123456789abcdef")
    static let code = RawJSON.str("ABCD EFGH JKMN")
    static let phone = RawJSON.str("079 111 22 33")
    static let employer = RawJSON.str("1283.220")

    static let all: [Sample] = identity + notifier + admin

    static let identity: [Sample] = [
        s(RegistrationStart.type, [("accessCode", code)]),
        s(RegistrationEmail.type, [("registrationId", id), ("email", email)]),
        s(RegistrationVerifyEmail.type, [("registrationId", id), ("activationCode", code)]),
        s(
            RegistrationAccount.type,
            [
                ("registrationId", id), ("firstName", .str("Anna")), ("lastName", .str("Muster")),
                ("language", .str("fr")), ("password", .str("Velo-Rouge-1848")),
                ("acceptTerms", .bool(true)),
            ]),
        s(RegistrationSmsSend.type, [("registrationId", id), ("phone", phone)]),
        s(RegistrationSmsConfirm.type, [("registrationId", id), ("smsCode", .str("123456"))]),
        s(RegistrationAttach.type, [("registrationId", id), ("challengeId", id)]),
        s(LoginStart.type, [("email", email), ("password", .str("Velo-Rouge-1848"))]),
        s(LoginSmsEnroll.type, [("challengeId", id), ("phone", phone)]),
        s(LoginFinish.type, [("challengeId", id), ("smsCode", .str("123456"))]),
        s(PasswordForgot.type, [("email", email)]),
        s(PasswordReset.type, [("email", email), ("resetCode", code), ("newPassword", .str("Velo-Rouge-1848"))]),
        s(SessionEnd.type, []),
        s(InvitationIssue.type, [("employerNumber", employer), ("employerName", .str("Muster AG"))]),
        s(SessionVerify.type, [("session", id)]),
        s(
            AccountCreate.type,
            [
                ("email", email), ("firstName", .str("Anna")), ("lastName", .str("Muster")),
                ("language", .str("de")), ("employerName", .str("Muster AG")),
            ]),
        s(AccountSmsSend.type, [("accountId", id), ("phone", phone)]),
        s(AccountSmsConfirm.type, [("accountId", id), ("smsCode", .str("123456"))]),
        s(
            AccountUpdate.type,
            [
                ("accountId", id), ("firstName", .str("Anna")), ("disabled", .bool(false)),
                ("clearLockout", .bool(true)),
            ]),
        s(AccountGet.type, [("accountId", id)]),
        s(AccountSessionsEnd.type, [("accountId", id)]),
        s(AccountsList.type, [("after", id), ("limit", .number("10"))]),
        s(ProfileGet.type, []),
        s(ProfileUpdate.type, [("firstName", .str("Anna")), ("lastName", .str("Muster")), ("language", .str("it"))]),
        s(
            ProfileChangePassword.type,
            [("currentPassword", .str("Velo-Rouge-1848")), ("newPassword", .str("Velo-Bleu-1291"))]),
        s(ProfileChangePhone.type, [("phone", phone), ("password", .str("Velo-Rouge-1848"))]),
        s(ProfileConfirmPhone.type, [("smsCode", .str("123456"))]),
        s(ProfileChangeEmail.type, [("email", email), ("password", .str("Velo-Rouge-1848"))]),
        s(ProfileConfirmEmail.type, [("activationCode", code)]),
        s(SessionReauth.type, [("password", .str("Velo-Rouge-1848"))]),
        s(SessionEndAll.type, []),
    ].map { Sample(type: $0.0, service: ServiceName.identity, body: $0.1) }

    static let notifier: [Sample] = [
        s(
            NotifierSend.type,
            [
                ("idempotencyKey", id), ("channel", .str("email")), ("to", email),
                ("language", .str("it")), ("template", .str(TemplateName.emailActivation)),
                ("params", .object([("code", code)])),
            ]),
        s(
            NotifierSend.type,
            [
                ("idempotencyKey", id), ("channel", .str("sms")), ("to", .str("+41791112233")),
                ("language", .str("de")), ("template", .str(TemplateName.smsLogin)),
                ("params", .object([("code", .str("123456"))])),
            ]),
        s(NotifierStatus.type, [("messageId", id)]),
        s(NotifierTemplates.type, []),
    ].map { Sample(type: $0.0, service: ServiceName.notifier, body: $0.1) }

    static let admin: [Sample] = [
        s(
            EmployerCreate.type,
            [
                ("number", employer), ("name", .str("Muster AG")), ("street", .str("Bahnhofstrasse 1")),
                ("postcode", .str("8001")), ("city", .str("Zürich")), ("language", .str("de")),
            ]),
        s(EmployerInvite.type, [("number", employer), ("delivery", .str("email")), ("email", email)]),
        s(EmployerList.type, [("text", .str("Muster")), ("offset", .int(0)), ("limit", .int(20))]),
        s(AdminMe.type, []),
        s(ThemesList.type, []),
        s(
            UsersSearch.type,
            [
                ("employer", employer), ("text", .str("mus")), ("includeDisabled", .bool(true)),
                ("sort", .str("-displayName")), ("offset", .int(0)), ("limit", .int(50)),
            ]),
        s(UsersGet.type, [("employer", employer), ("userId", id)]),
        s(
            UsersCreate.type,
            [
                ("employer", employer), ("email", email), ("firstName", .str("Anna")),
                ("lastName", .str("Muster")), ("language", .str("fr")), ("admin", .bool(false)),
                ("themes", .array([.str("contributions")])), ("phone", phone),
            ]),
        s(UsersConfirmPhone.type, [("employer", employer), ("userId", id), ("smsCode", .str("123456"))]),
        s(
            UsersUpdate.type,
            [
                ("employer", employer), ("userId", id), ("lastName", .str("Modele")),
                ("lockedUntil", .null), ("themes", .array([.str("salaries")])),
            ]),
        s(UsersExport.type, [("employer", employer), ("format", .str("xlsx")), ("text", .str("a"))]),
        s(
            AuditSearch.type,
            [
                ("employer", employer), ("offset", .int(0)), ("limit", .int(10)), ("person", .str("anna")),
                ("action", .str("user.update")),
            ]),
        s(
            AccountRegistered.type,
            [
                ("accountId", id), ("employerNumber", employer), ("email", email),
                ("firstName", .str("Anna")), ("lastName", .str("Muster")), ("language", .str("fr")),
                ("mfa", .str("SMS")),
            ]),
        s(
            AccountChanged.type,
            [
                ("accountId", id), ("mfa", .str("SMS")), ("state", .str("active")),
                ("firstName", .str("Anna")), ("email", email),
            ]),
        s(MandantsSearch.type, [("text", .str("muster"))]),
        s(MandantsUpdate.type, [("employer", employer), ("alias", .str("Atelier")), ("isDefault", .bool(true))]),
        s(
            DelegationsGrant.type,
            [
                ("employer", employer), ("email", email), ("themes", .array([.str("salaries")])),
                ("endsAt", .str("2027-01-31T00:00:00Z")), ("firstName", .str("Anna")),
                ("lastName", .str("Muster")), ("language", .str("fr")),
            ]),
        s(DelegationsRevoke.type, [("employer", employer), ("delegationId", id)]),
        s(DelegationsList.type, [("employer", employer)]),
        s(InvitationsList.type, []),
        s(InvitationsAnswer.type, [("employer", employer), ("answer", .str("accept"))]),
        s(SettingsGet.type, [("employer", employer)]),
        s(SettingsUpdate.type, [("employer", employer), ("language", .str("it"))]),
        s(UsersPending.type, [("employer", employer)]),
        s(UsersResendInvitation.type, [("employer", employer), ("userId", id)]),
        s(
            AuditExport.type,
            [
                ("employer", employer), ("format", .str("pdf")), ("person", .str("anna")),
                ("action", .str("user.update")),
            ]),
    ].map { Sample(type: $0.0, service: ServiceName.admin, body: $0.1) }

    private static func s(_ type: String, _ fields: [(String, RawJSON)]) -> (String, RawJSON) {
        (type, .object(fields))
    }
}
