import Foundation
import Wire

/// What a front end does when a service is down or restarting: try again. A call
/// is repeated while its failure is transient (`unavailable`, `internal`, no
/// connection); a definitive answer (success or a real error) ends it.
enum Persistent {
    static func call<T>(_ what: String, timeout: TimeInterval = 60, _ body: () throws -> T) throws -> T {
        let deadline = Date() + timeout
        while true {
            do { return try body() } catch let e as ServiceError where e.code.isTransient || e.code == .rateLimited {
                if Date() > deadline { throw FlowFailure("\(what): still \(e.code.rawValue) after \(timeout) s") }
                if e.code == .rateLimited { sleep(1) }
            }
            usleep(200_000)
        }
    }

    /// Tries the codes delivered to `to` until `body` accepts one: codes in messages
    /// not in `seen` first; a code refused as wrong is not tried again, one that
    /// met a transient failure is. New messages are waited for until `timeout`.
    static func withCodes<T>(
        _ outbox: FileOutboxReader, _ channel: String, to: String, seen: Set<String> = [],
        timeout: TimeInterval = 30, _ body: (String) throws -> T
    ) throws -> T {
        let deadline = Date() + timeout
        func code(_ text: String) -> String? {
            channel == "sms" ? FileOutboxReader.smsCode(text) : FileOutboxReader.longCode(text)
        }
        var refused = Set(
            outbox.messages(channel, to: to).filter { seen.contains($0.file) }.compactMap { code($0.text) })
        while Date() < deadline {
            let candidates = outbox.messages(channel, to: to).compactMap { code($0.text) }.filter {
                !refused.contains($0)
            }
            for c in Set(candidates) {
                do { return try body(c) } catch let e as ServiceError {
                    switch e.code {
                    case .invalidCode, .codeExpired, .tooManyAttempts: refused.insert(c)
                    case _ where e.code.isTransient: usleep(200_000)
                    case .rateLimited: sleep(1)
                    default: throw e
                    }
                }
            }
            usleep(50_000)
        }
        throw FlowFailure("no accepted \(channel) code to \(to) within \(timeout) s (tried \(refused.count))")
    }
}
