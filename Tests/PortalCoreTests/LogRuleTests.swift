import Foundation
import PortalCore
import Testing

@Suite("Log rules: matching, rates, validation")
struct LogRuleTests {
    static let rule = LogRuleSpec(name: "db errors", stage: .prod, service: "pg-3", minimumLevel: .error)
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func message(_ stage: Environment?, service: Int64?, _ level: LogLevel, _ text: String = "payment failed") -> LogRuleCandidate {
        LogRuleCandidate(id: 1, at: t0, stage: stage, serviceID: service, level: level, message: text)
    }

    @Test(arguments: [
        ("an error of the service in PROD", message(.prod, service: 7, .error), true),
        ("worse than error", message(.prod, service: 7, .critical), true),
        ("a warning is below the rule", message(.prod, service: 7, .warning), false),
        ("the same error in TEST", message(.test, service: 7, .error), false),
        ("no stage known", message(nil, service: 7, .error), false),
        ("another service", message(.prod, service: 8, .error), false),
        ("a product linked to no service", message(.prod, service: nil, .error), false),
    ])
    func stageServiceAndLevel(name: String, candidate: LogRuleCandidate, expected: Bool) {
        #expect(LogRuleMatcher.matches(Self.rule, serviceID: 7, regex: nil, candidate) == expected, "\(name)")
    }

    @Test func aRuleOfSeveralStagesMatchesEachAndKeepsThemInOrder() {
        var rule = LogRuleSpec(name: "db errors", stage: .int, service: "pg-3", minimumLevel: .error, otherStages: [.dev, .prod, .int, .dev])
        #expect(rule.otherStages == [.prod, .dev] && rule.stages == [.int, .prod, .dev], "own stage first, no repeats, in order")
        for (stage, expected) in [(Environment.prod, true), (.int, true), (.dev, true), (.test, false)] {
            #expect(LogRuleMatcher.matches(rule, serviceID: 7, regex: nil, Self.message(stage, service: 7, .error)) == expected, "\(stage)")
        }
        #expect(!LogRuleMatcher.matches(rule, serviceID: 7, regex: nil, Self.message(nil, service: 7, .error)), "no stage known")
        rule.otherStages = [.test, .int]
        #expect(rule.stages == [.int, .test])
        #expect(LogRuleSpec(name: "x", stage: .prod, notify: "Ana Lima, DBA, ana lima, ").notifyNames == ["Ana Lima", "DBA"])
    }

    @Test(arguments: [
        ("regex found", LogRuleTextKind.regex, "fail(ed|ure)", "payment failed", false, true),
        ("regex not found", .regex, "^timeout", "payment failed", false, false),
        ("FTS answered yes", .fts, "payment", "payment failed", true, true),
        ("FTS answered no", .fts, "payment", "payment failed", false, false),
        ("no text condition", .any, "", "anything", false, true),
    ])
    func text(name: String, kind: LogRuleTextKind, pattern: String, message: String, fts: Bool, expected: Bool) {
        var rule = Self.rule
        (rule.textKind, rule.text, rule.service) = (kind, pattern, "")
        let regex = kind == .regex ? try? NSRegularExpression(pattern: pattern) : nil
        #expect(LogRuleMatcher.matches(rule, serviceID: nil, regex: regex, Self.message(.prod, service: 3, .error, message), ftsMatched: fts) == expected, "\(name)")
    }

    static func times(_ seconds: [Double]) -> [Date] { seconds.map { t0.addingTimeInterval($0) } }

    @Test(arguments: [
        ("50 at once, 1 in 60: one notice at the first, all counted", nil as LogRuleWindow?, [Double](repeating: 0, count: 50), 1, 60,
         LogRuleWindow(start: t0, count: 50, fired: true), 0.0 as Double?),
        ("3 in 60 reached by the third", nil, [0, 10, 20], 3, 60, LogRuleWindow(start: t0, count: 3, fired: true), 20),
        ("3 in 60 not reached", nil, [0, 10], 3, 60, LogRuleWindow(start: t0, count: 2, fired: false), nil),
        ("the window already fired: only counted", LogRuleWindow(start: t0, count: 5, fired: true), [30], 1, 60,
         LogRuleWindow(start: t0, count: 6, fired: true), nil),
        ("a match after the window ended opens a new one and fires", LogRuleWindow(start: t0, count: 5, fired: true), [60], 1, 60,
         LogRuleWindow(start: t0.addingTimeInterval(60), count: 1, fired: true), 60),
        ("2 in 10 spread over two windows: no notice", nil, [0, 11], 2, 10, LogRuleWindow(start: t0.addingTimeInterval(11), count: 1, fired: false), nil),
    ])
    func rate(name: String, window: LogRuleWindow?, at: [Double], count: Int, seconds: Int, expected: LogRuleWindow, firedAt: Double?) {
        let step = LogRuleRate.step(window, matches: Self.times(at), count: count, windowSeconds: seconds)
        #expect(step.window == expected, "\(name)")
        #expect(step.firedAt == firedAt.map { Self.t0.addingTimeInterval($0) }, "\(name)")
    }

    @Test(arguments: [
        ("valid", LogRuleSpec(name: "x", stage: .prod), [String]()),
        ("no name", LogRuleSpec(name: " ", stage: .prod), ["name"]),
        ("count 0", LogRuleSpec(name: "x", stage: .prod, count: 0), ["count"]),
        ("window too long", LogRuleSpec(name: "x", stage: .prod, windowSeconds: 100_000), ["window_seconds"]),
        ("bad regex", LogRuleSpec(name: "x", stage: .prod, textKind: .regex, text: "(unclosed"), ["text"]),
        ("empty FTS", LogRuleSpec(name: "x", stage: .prod, textKind: .fts, text: ""), ["text"]),
        ("text without a kind", LogRuleSpec(name: "x", stage: .prod, text: "words"), ["text_kind"]),
    ])
    func validation(name: String, spec: LogRuleSpec, fields: [String]) {
        #expect(spec.validate().keys.sorted() == fields, "\(name)")
    }
}
