// swift-tools-version:6.0
import PackageDescription

/// `-Osize` in release builds, for the two longest links of the release build's serial chain (PortalCore → PortalStore →
/// PortalApp → forewarn): about 16 % less compile time each, 2 % more instructions on an uncached home page, the report
/// page unchanged (docs/notes-build7.md). SwiftPM puts a target's unsafe flags after its own `-O`; the last `-O*` wins.
let optimizedForSize: [SwiftSetting] = [.unsafeFlags(["-Osize"], .when(configuration: .release))]

let package = Package(
    name: "Forewarn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "forewarn", targets: ["forewarn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CICal", pkgConfig: "libical", providers: [.apt(["libical-dev"])]),
        .systemLibrary(name: "CStrophe", pkgConfig: "libstrophe", providers: [.apt(["libstrophe-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .target(name: "PortalCore"),
        .target(name: "PortalViews", dependencies: ["PortalCore"]),
        .target(name: "PortalRecurrence", dependencies: ["CICal", "PortalCore"]),
        .target(name: "PortalStore", dependencies: ["CSQLite", "CPostgres", "CSodium", "PortalCore"], swiftSettings: optimizedForSize),
        .target(name: "PortalReports", dependencies: ["CPangoCairo"]),
        .target(name: "PortalMail", dependencies: ["CCurl", "CSodium", "PortalCore"]),
        .target(name: "PortalMonitor", dependencies: ["CCurl", "PortalCore", "PortalStore"]),
        .target(name: "PortalIngest", dependencies: ["PortalCore", "PortalStore"]),
        .target(name: "PortalPresence", dependencies: ["CStrophe", "PortalCore", .product(name: "Logging", package: "swift-log")]),
        .target(name: "PortalHTTP", dependencies: ["CMicroHTTPD", "CZlib", "PortalCore", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "PortalApp",
            dependencies: [
                "PortalCore", "PortalViews", "PortalStore", "PortalHTTP", "PortalReports", "PortalMail", "PortalIngest", "PortalMonitor", "PortalRecurrence",
                "PortalPresence",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: optimizedForSize,
            plugins: ["CompileTemplates"]
        ),
        // Compiles Resources/Templates into typed Swift render functions of PortalApp at build time (docs/notes-views.md).
        // -Onone in release too: a clean build compiles this tool before anything else can start (4 s at -O, 1 s without),
        // and it turns the 66 templates into the same Swift in 0.1 s either way (docs/notes-build7.md).
        .executableTarget(name: "TemplateCompiler", path: "Plugins/TemplateCompiler",
                          swiftSettings: [.unsafeFlags(["-Onone"], .when(configuration: .release))]),
        .plugin(name: "CompileTemplates", capability: .buildTool(), dependencies: ["TemplateCompiler"]),
        .executableTarget(
            name: "forewarn",
            dependencies: [
                "PortalApp", "PortalStore", "PortalCore", "PortalMail", "PortalIngest", "PortalMonitor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "pdf-bench", dependencies: ["PortalReports"], path: "Benchmarks/pdf-bench"),
        .executableTarget(name: "impact-bench", dependencies: ["PortalCore", "PortalStore"], path: "Benchmarks/ImpactBench"),
        // Test helpers, compiled by `swift build -c release` as well (beside PortalIngest, on the build's critical path): -Onone
        // there, 5.5 s → 1.7 s of CPU (docs/notes-build7.md); the tests build it in debug anyway.
        .target(name: "ForewarnTestSupport", dependencies: ["PortalStore"], path: "Tests/ForewarnTestSupport", exclude: ["Mail/smtp_sink.py", "Mail/webhook_receiver.py", "XMPP/xmpp_client.py", "Mail/monitor_peer.py", "Mail/ticket_receiver.py"],
                swiftSettings: [.unsafeFlags(["-Onone"], .when(configuration: .release))]),
        .testTarget(name: "PortalCoreTests", dependencies: ["PortalCore", "PortalViews"]),
        .testTarget(name: "PortalRecurrenceTests", dependencies: ["PortalRecurrence", "PortalCore", "ForewarnTestSupport"]),
        .testTarget(name: "PortalStoreTests", dependencies: ["PortalStore", "PortalCore", "ForewarnTestSupport"]),
        .testTarget(name: "PortalIngestTests", dependencies: ["PortalIngest", "PortalStore", "PortalCore", "ForewarnTestSupport"]),
        .testTarget(name: "PortalReportsTests", dependencies: ["PortalReports"]),
        .testTarget(name: "PortalPresenceTests", dependencies: ["PortalPresence", "PortalCore", "ForewarnTestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PortalMailTests", dependencies: ["PortalMail", "ForewarnTestSupport"]),
        .testTarget(name: "PortalHTTPTests", dependencies: ["PortalHTTP", "ForewarnTestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PortalAppTests", dependencies: ["PortalApp", "PortalStore", "PortalHTTP", "PortalCore", "PortalMail", "PortalIngest", "PortalPresence", "ForewarnTestSupport", .product(name: "Logging", package: "swift-log")],
                    exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
