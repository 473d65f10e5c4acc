/// Names that Swiss residents carry (issue 17), and hostile ones. The documents must
/// give the first set back exactly as written and make the second harmless.
public enum NameSet {
    /// 100 characters: a long name, with spaces, as a civil register may hold it.
    public static let hundred =
        "Maria Alexandra Bernadette Giovanna von und zu Hohenzollern-Sigmaringen de la Tour d'Auvergne Hubert"

    public static let names = [
        "Dvořák", "Łukasiewicz", "Şükrü Öztürk", "Nguyễn Thị Minh Khai", "Ødegård", "Παπαδόπουλος",
        "Иванова", "d'Amato", "Müller-Lüdenscheidt", hundred,
    ]

    /// Formula look-alikes (a spreadsheet must keep them as text), control characters,
    /// right-to-left marks and overrides, markup.
    public static let hostile = [
        "=cmd|' /C calc'!A0", "+41 79 111 22 33", "-2+3", "@SUM(A1:A2)", "Bell\u{7}Ring\u{0}Null",
        "Evil\u{202E}gnp.exe", "\u{200F}Levi\u{200E}", "<b>bold</b> & co",
    ]

    /// What each hostile name becomes in a document: controls and bidi overrides gone.
    public static let hostileCleaned = [
        "=cmd|' /C calc'!A0", "+41 79 111 22 33", "-2+3", "@SUM(A1:A2)", "BellRingNull",
        "Evilgnp.exe", "\u{200F}Levi\u{200E}", "<b>bold</b> & co",
    ]
}
