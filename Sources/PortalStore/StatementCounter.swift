import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A test hook: counts the SQL statements each thread runs, so a test can check that a list page runs one query per
/// list rather than one per row (N+1). Off unless switched on; then one atomic load per statement when off.
public enum StatementCounter {
    private static let enabled = Atomic<Bool>(false)
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Switches counting on for the whole process (the app does it when configured to report counts).
    public static func enable() { enabled.store(true, ordering: .relaxed) }

    static var isOn: Bool { enabled.load(ordering: .relaxed) }

    /// Statements this thread ran since its last `reset()`.
    public static var count: Int { Int(bitPattern: pthread_getspecific(key)) }

    /// Starts this thread's count again from zero.
    public static func reset() { pthread_setspecific(key, nil) }

    static func increment() { pthread_setspecific(key, UnsafeRawPointer(bitPattern: count + 1)) }
}
