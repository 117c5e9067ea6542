import Testing
import ForewarnTestSupport
@testable import PortalMail

@Suite struct RetryPolicyTests {
    @Test(arguments: [(1, 60), (2, 120), (3, 240), (4, 480), (5, 960), (6, 1920), (7, 3600), (8, 3600), (40, 3600), (10_000, 3600), (0, 60), (-3, 60)])
    func withoutJitterDelaysDoubleUpToTheCap(attempt: Int, seconds: Int) {
        let policy = RetryPolicy(jitter: 0)
        #expect(policy.delay(afterAttempt: attempt, seed: 7) == .seconds(seconds))
    }

    @Test func jitterOnlyShortensAndStaysWithinItsFraction() {
        let policy = RetryPolicy.standard
        for seed in [0, 1, 42, UInt64.max] as [UInt64] {
            for attempt in 1...20 {
                let ceiling = RetryPolicy(jitter: 0).delay(afterAttempt: attempt, seed: seed)
                let delay = policy.delay(afterAttempt: attempt, seed: seed)
                #expect(delay <= ceiling)
                #expect(delay >= ceiling * 0.8)
                #expect(delay <= .seconds(3600))
            }
        }
    }

    @Test func sameInputsGiveTheSameDelayAndSeedsSpreadThem() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(afterAttempt: 3, seed: 99) == policy.delay(afterAttempt: 3, seed: 99))
        let spread = Set((0..<50).map { policy.delay(afterAttempt: 3, seed: UInt64($0)) })
        #expect(spread.count > 45, "messages that failed together should not retry together")
    }

    @Test func goldenDelays() {
        // Pinned so a change of the jitter function shows up in review: stored schedules depend on it.
        let delays = (1...3).map { RetryPolicy.standard.delay(afterAttempt: $0, seed: RetryPolicy.seed(for: "downtime-42.notice-3@forewarn.example")) }
        #expect(delays == [.milliseconds(52_669), .milliseconds(97_031), .milliseconds(218_008)])
    }

    @Test func seedsAreStableAcrossProcesses() {
        #expect(RetryPolicy.seed(for: "") == 0xcbf2_9ce4_8422_2325)
        #expect(RetryPolicy.seed(for: "a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func attemptsRunOut() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.allowsRetry(afterAttempt: 1))
        #expect(policy.allowsRetry(afterAttempt: 2))
        #expect(!policy.allowsRetry(afterAttempt: 3))
        #expect(RetryPolicy(jitter: 7).jitter == 1)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
