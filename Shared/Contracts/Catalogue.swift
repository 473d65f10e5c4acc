import Wire

/// Every message of the contract, by service: what `docs/contract.md` and the
/// JSON Schemas in `docs/contract/` are generated from (a test keeps them in step).
public enum ContractCatalogue {
    public static let identity: [any Message.Type] = [
        RegistrationStart.self, RegistrationEmail.self, RegistrationVerifyEmail.self, RegistrationAccount.self,
        RegistrationSmsSend.self, RegistrationSmsConfirm.self, RegistrationAttach.self,
        LoginStart.self, LoginSmsEnroll.self, LoginFinish.self, PasswordForgot.self, PasswordReset.self,
        SessionEnd.self,
        InvitationIssue.self, SessionVerify.self, AccountCreate.self, AccountSmsSend.self, AccountSmsConfirm.self,
        AccountUpdate.self, AccountGet.self, AccountSessionsEnd.self, AccountsList.self,
        ProfileGet.self, ProfileUpdate.self, ProfileChangePassword.self, ProfileChangePhone.self,
        ProfileConfirmPhone.self, ProfileChangeEmail.self, ProfileConfirmEmail.self, SessionReauth.self,
        SessionEndAll.self,
    ]
    public static let notifier: [any Message.Type] = [NotifierSend.self, NotifierStatus.self, NotifierTemplates.self]
    public static let admin: [any Message.Type] = [
        EmployerCreate.self, EmployerInvite.self, EmployerList.self, AdminMe.self, ThemesList.self,
        UsersSearch.self, UsersGet.self, UsersCreate.self, UsersConfirmPhone.self, UsersUpdate.self,
        UsersExport.self, AuditSearch.self, AccountRegistered.self, AccountChanged.self,
        MandantsSearch.self, MandantsUpdate.self, DelegationsGrant.self, DelegationsRevoke.self, DelegationsList.self,
        InvitationsList.self, InvitationsAnswer.self,
        SettingsGet.self, SettingsUpdate.self,
        UsersPending.self, UsersResendInvitation.self, AuditExport.self,
    ]

    /// (service, messages) in the order the docs list them; `health` belongs to every service.
    public static var byService: [(String, [any Message.Type])] {
        [
            (ServiceName.identity, [Health.self] + identity), (ServiceName.notifier, [Health.self] + notifier),
            (ServiceName.admin, [Health.self] + admin),
        ]
    }
}
