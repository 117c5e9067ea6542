import Foundation
import PortalCore
import Testing

@Suite("Log retention per stage")
struct LogRetentionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        ("defaults", [String: String](), Environment.prod, 30),
        ("defaults, TEST", [:], .test, 7),
        ("defaults, DEV", [:], .dev, 7),
        ("a setting wins", ["logs.retention_days.PROD": "90"], .prod, 90),
        ("a setting of another stage leaves PROD", ["logs.retention_days.TEST": "3"], .prod, 30),
        ("nonsense falls back", ["logs.retention_days.INT": "forever"], .int, 7),
        ("zero falls back", ["logs.retention_days.INT": "0"], .int, 7),
    ])
    func days(name: String, settings: [String: String], stage: Environment, expected: Int) {
        #expect(LogRetention.days(settings: settings)[stage] == expected, "\(name)")
    }

    @Test func cutoffsPerStageAndTheShortestForMessagesWithoutOne() {
        let cutoffs = LogRetention.cutoffs(now: Self.now, days: LogRetention.days(settings: ["logs.retention_days.DEV": "2"]))
        #expect(cutoffs[.prod] == Self.now.addingTimeInterval(-30 * 86_400))
        #expect(cutoffs[.test] == Self.now.addingTimeInterval(-7 * 86_400))
        #expect(cutoffs[.dev] == Self.now.addingTimeInterval(-2 * 86_400))
        #expect(cutoffs[nil] == Self.now.addingTimeInterval(-2 * 86_400))
    }
}
