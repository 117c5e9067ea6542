import Foundation
import PortalCore
import PortalStore

/// Keeps log messages for their stage's time (`LogRetention`): hourly, in the process that owns the background workers.
public final class LogRetentionWorker: @unchecked Sendable {
    private let loop = BackgroundLoop(name: "forewarn.log-retention")

    public init() {}

    /// Deletes what is past its stage's retention; returns how many messages went.
    @discardableResult
    static func purge(_ store: Store, now: Date = Date()) throws -> Int {
        try store.write { db in
            var settings: [String: String] = [:]
            for stage in Environment.allCases {
                settings[LogRetention.settingKey(stage)] = try SettingsStore.value(db, LogRetention.settingKey(stage))
            }
            var deleted = 0
            for (stage, cutoff) in LogRetention.cutoffs(now: now, days: LogRetention.days(settings: settings)) {
                if let stage { deleted += try LogStore.purge(db, before: cutoff, stage: stage) }
                else { deleted += try LogStore.purgeWithoutStage(db, before: cutoff) }
            }
            return deleted
        }
    }

    func start(_ context: AppContext, firstAfter: Double = 60, every: Double = 3600) {
        var first = true
        loop.start {
            if first {
                first = false
                return Date().addingTimeInterval(firstAfter)
            }
            do {
                let deleted = try Self.purge(context.store)
                if deleted > 0 { context.logger.notice("log retention: \(deleted) messages past their stage's retention deleted") }
            } catch {
                context.logger.error("log retention: \(error)")
            }
            return Date().addingTimeInterval(every)
        }
    }

    func stop() { loop.stop() }
}

/// `forewarn logs purge`: deletes messages older than a date, of one stage or all.
public enum LogPurge {
    public static func run(_ store: Store, before: Date, stage: Environment?) throws -> Int {
        try store.write { db in
            let deleted = try LogStore.purge(db, before: before, stage: stage)
            try AuditLog.record(db, actor: "cli", action: "purge", objectKind: "log messages", objectID: nil,
                                objectName: "\(deleted) before \(UTCTimestamp.string(from: before))\(stage.map { " in \($0.rawValue)" } ?? "")")
            return deleted
        }
    }
}

extension LogRetentionWorker {
    /// One retention pass now, as the hourly worker does it (tests).
    public static func purgeForTests(_ store: Store, now: Date = Date()) throws -> Int { try purge(store, now: now) }
}
