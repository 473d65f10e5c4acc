import Glibc

/// Gives memory back to the system once a burst of connections is over.
///
/// Each connection has its own thread, and glibc's allocator keeps what those
/// threads freed in its per-thread arenas: after 1,000 connections (or a flood of
/// 1 MiB lines) a service otherwise stays 50 MiB larger for ever. When the open
/// connections fall to a quarter of the peak since the last trim (a peak of 32 or
/// more), `malloc_trim` returns the free pages of every arena. Ordinary traffic,
/// a few pooled connections, never triggers it.
struct MemoryAfterBurst {
    static let burstSize = 32
    private var peak = 0

    mutating func connectionOpened(open: Int) {
        peak = max(peak, open)
    }

    /// True when the caller should call `giveBack()` (outside its lock).
    mutating func connectionClosed(open: Int) -> Bool {
        guard peak >= Self.burstSize, open <= peak / 4 else { return false }
        peak = open
        return true
    }

    static func giveBack() {
        _ = mallocTrim?(0)
    }

    /// glibc's `malloc_trim` (in <malloc.h>, which the Glibc module does not
    /// export); absent on other C libraries, where this does nothing.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
}
