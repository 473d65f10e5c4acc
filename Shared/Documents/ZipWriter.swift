import Foundation

/// A ZIP archive of STORED (uncompressed) entries: what an XLSX package needs, written
/// without zlib. Sizes and offsets are 32-bit (no ZIP64): documents stay far below 4 GiB.
public struct ZipWriter {
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private var output: [UInt8] = []
    private var entries: [Entry] = []
    private let dosTime: UInt16
    private let dosDate: UInt16

    public init() {
        self.init(date: Date())
    }

    /// `date` is stamped on every entry as DOS date and time (UTC, two-second precision).
    public init(date: Date) {
        (dosDate, dosTime) = ZipWriter.dosDateTime(date)
    }

    public mutating func add(path: String, data: Data) {
        let name = Array(path.utf8)
        let entry = Entry(name: name, crc: CRC32.checksum(data), size: UInt32(data.count),
                          offset: UInt32(output.count))
        append32(0x0403_4B50)            // local file header signature
        append16(20)                     // version needed to extract (2.0)
        append16(utf8Flag(name))         // general purpose flags
        append16(0)                      // method: stored
        append16(dosTime)
        append16(dosDate)
        append32(entry.crc)
        append32(entry.size)             // compressed size
        append32(entry.size)             // uncompressed size
        append16(UInt16(name.count))
        append16(0)                      // extra field length
        output.append(contentsOf: name)
        output.append(contentsOf: data)
        entries.append(entry)
    }

    public func finish() -> Data {
        var archive = self
        let directoryOffset = UInt32(archive.output.count)
        for entry in entries {
            archive.append32(0x0201_4B50)    // central directory header signature
            // Made by Unix, spec 2.0: with MS-DOS here, Info-ZIP converts names from the OEM
            // code page even when the UTF-8 flag is set.
            archive.append16(0x0314)
            archive.append16(20)             // version needed
            archive.append16(utf8Flag(entry.name))
            archive.append16(0)              // stored
            archive.append16(dosTime)
            archive.append16(dosDate)
            archive.append32(entry.crc)
            archive.append32(entry.size)
            archive.append32(entry.size)
            archive.append16(UInt16(entry.name.count))
            archive.append16(0)              // extra
            archive.append16(0)              // comment
            archive.append16(0)              // disk number start
            archive.append16(0)              // internal attributes
            archive.append32(0o100644 << 16) // external attributes: regular file, rw-r--r--
            archive.append32(entry.offset)
            archive.output.append(contentsOf: entry.name)
        }
        let directorySize = UInt32(archive.output.count) - directoryOffset
        archive.append32(0x0605_4B50)        // end of central directory signature
        archive.append16(0)                  // this disk
        archive.append16(0)                  // disk with the central directory
        archive.append16(UInt16(entries.count))
        archive.append16(UInt16(entries.count))
        archive.append32(directorySize)
        archive.append32(directoryOffset)
        archive.append16(0)                  // comment length
        return Data(archive.output)
    }

    /// Bit 11 tells readers the name is UTF-8; only needed when it is not plain ASCII.
    private func utf8Flag(_ name: [UInt8]) -> UInt16 {
        name.contains { $0 >= 0x80 } ? 0x0800 : 0
    }

    private mutating func append16(_ value: UInt16) {
        output.append(UInt8(value & 0xFF))
        output.append(UInt8(value >> 8))
    }

    private mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            output.append(UInt8((value >> UInt32(shift)) & 0xFF))
        }
    }

    /// MS-DOS date (years since 1980) and time (two-second units), clamped to 1980–2107.
    static func dosDateTime(_ date: Date) -> (date: UInt16, time: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = min(max(parts.year ?? 1980, 1980), 2107)
        let dosDate = UInt16((year - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        let dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        return (dosDate, dosTime)
    }
}
