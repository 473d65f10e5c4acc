import CPosix

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

    /// glibc's `malloc_trim`, called directly (through CPosix): a `dlsym` lookup
    /// finds nothing in a statically linked executable, and the memory stayed.
    static func giveBack() {
        _ = cposix_malloc_trim(0)
    }
}
