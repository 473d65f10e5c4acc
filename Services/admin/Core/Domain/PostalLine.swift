/// One line of an employer's postal address (the name, the street, "postcode
/// city"). The notifier refuses a letter with any line over 120 characters or
/// with control characters (`notifier`'s `PostalAddress.isValid`), so admin
/// refuses them when the employer is created, not when the letter is dropped.
public enum PostalLine {
    public static let maxLength = 120

    public static func valid(_ line: String) -> Bool {
        line.count <= maxLength && !line.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true })
    }
}
