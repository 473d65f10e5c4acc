import FoundationEssentials
import FoundationInternationalization

/// Dates as the fund writes them: the day in Europe/Zurich, `27.11.2026` in every language.
public enum SwissDate {
    /// The Gregorian calendar in Europe/Zurich. Built on first use: the time-zone data
    /// (ICU's) costs a few MiB once touched, which an idle service should not pay.
    public static let calendar: Calendar = {
        // The zone comes from FoundationInternationalization, found by name at run time;
        // naming its list here also links it into a static binary, where a missing zone
        // would otherwise fall back to UTC without a word.
        precondition(TimeZone.knownTimeZoneIdentifiers.contains("Europe/Zurich"), "no Europe/Zurich time zone")
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Zurich")!
        return c
    }()

    /// 27.11.2026
    public static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(digits(c.day, 2)).\(digits(c.month, 2)).\(digits(c.year, 4))"
    }

    /// 2026-11-27
    public static func isoDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(digits(c.year, 4))-\(digits(c.month, 2))-\(digits(c.day, 2))"
    }

    /// 27.11.2026 14:03:09
    public static func dayAndTime(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(day(date)) \(digits(c.hour, 2)):\(digits(c.minute, 2)):\(digits(c.second, 2))"
    }

    /// Midnight in Zurich at the start of `day` (year, month, day).
    public static func midnight(year: Int, month: Int, day: Int) -> Date? {
        calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// `n` in decimal, zero-padded to `width` digits.
    public static func digits(_ n: Int?, _ width: Int) -> String {
        let s = String(n ?? 0)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
