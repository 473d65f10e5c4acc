import Contracts

/// One line of an employer's postal address (the name, the street, "postcode
/// city"). The notifier refuses a letter with any line over 120 characters or
/// with control characters (`Recipients.isPostalLine`, in the contract), so admin
/// refuses them when the employer is created, not when the letter is dropped.
public enum PostalLine {
    public static let maxLength = Recipients.postalLineMaxLength

    public static func valid(_ line: String) -> Bool { Recipients.isPostalLine(line) }
}
