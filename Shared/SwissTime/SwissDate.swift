import FoundationEssentials
import FoundationInternationalization
import Runtime

/// Dates as the fund writes them: the day in Europe/Zurich, `27.11.2026` in every language.
public enum SwissDate {
    /// The Gregorian calendar in Europe/Zurich. Built on first use: the time-zone data
    /// (ICU's) costs a few MiB once touched, which an idle service should not pay.
    public static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zurich ?? TimeZone(secondsFromGMT: 3600)!
        return c
    }()

    /// Whether the calendar has the real zone (else it runs on Central European Time,
    /// without summer time).
    public static var hasZurichZone: Bool { zurich != nil }

    /// The zone comes from FoundationInternationalization, found by name at run time.
    /// Naming its list (here, where a missing zone is told) is what links that part into
    /// a static binary; a request never stops the service for it.
    private static let zurich: TimeZone? = {
        guard let zone = TimeZone(identifier: "Europe/Zurich") else {
            _ = writeAll(2, Array("no Europe/Zurich among \(TimeZone.knownTimeZoneIdentifiers.count) zones\n".utf8))
            return nil
        }
        return zone
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

    private static func digits(_ n: Int?, _ width: Int) -> String { zeroPadded(n ?? 0, width) }
}
