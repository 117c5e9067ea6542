import Foundation
import PortalCore
import Testing

@Suite("Monitoring: judging a probe")
struct SampleJudgeTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func spec(_ kind: CheckKind, _ change: (inout CheckSpec) -> Void = { _ in }) -> CheckSpec {
        var spec = CheckSpec(name: "c", kind: kind, targetKind: "service", targetName: "s", intervalSeconds: 1)
        change(&spec)
        return spec
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let spec: CheckSpec
        let result: ProbeResult
        let available: Bool
        let degraded: Bool
        let error: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "200 in range", spec: spec(.http), result: ProbeResult(transportError: nil, httpStatus: 200, responseMS: 12), available: true, degraded: false, error: ""),
        Case(name: "500 out of range", spec: spec(.http), result: ProbeResult(transportError: nil, httpStatus: 500, responseMS: 12), available: false, degraded: false,
             error: "HTTP status 500, expected 200-399"),
        Case(name: "timeout", spec: spec(.http), result: ProbeResult(transportError: "timed out after 1000 ms", responseMS: 1000), available: false, degraded: false,
             error: "timed out after 1000 ms"),
        Case(name: "missing body text", spec: spec(.http) { $0.expectBody = "ok" }, result: ProbeResult(transportError: nil, httpStatus: 200, responseMS: 5, body: "fail"),
             available: false, degraded: false, error: "the response does not contain \"ok\""),
        Case(name: "slow is degraded", spec: spec(.http) { $0.maxResponseMS = 100 }, result: ProbeResult(transportError: nil, httpStatus: 200, responseMS: 250),
             available: true, degraded: true, error: "response took 250 ms, more than 100 ms"),
        Case(name: "tcp connect", spec: spec(.tcp), result: ProbeResult(transportError: nil, responseMS: 1), available: true, degraded: false, error: ""),
        Case(name: "certificate expiring soon", spec: spec(.tls), result: ProbeResult(transportError: nil, responseMS: 3, certificateExpiry: now.addingTimeInterval(3 * 86_400 - 60)),
             available: true, degraded: true, error: "the certificate expires in 2 days (2027-01-18T07:59:00Z), less than 14"),
        Case(name: "certificate expired", spec: spec(.tls), result: ProbeResult(transportError: nil, responseMS: 3, certificateExpiry: now.addingTimeInterval(-60)),
             available: false, degraded: false, error: "the certificate expired on 2027-01-15T07:59:00Z"),
    ]

    @Test(arguments: cases)
    func judge(_ c: Case) {
        let verdict = SampleJudge.judge(c.result, spec: c.spec, now: Self.now)
        #expect(verdict == SampleVerdict(available: c.available, degraded: c.degraded, error: c.error), "\(c.name)")
    }

    @Test func libcurlCertificateDates() {
        #expect(SampleJudge.certificateDate("Dec  9 10:00:00 2026 GMT") == Date(timeIntervalSince1970: 1_796_810_400))
        #expect(SampleJudge.certificateDate("garbage") == nil)
    }
}
