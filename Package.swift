// swift-tools-version: 6.0
// IntelliMix: manifest-driven audio mashup renderer with a content-addressed stage cache.
import PackageDescription

let package = Package(
    name: "IntelliMix",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "intellimix", targets: ["Runner"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Stages", targets: ["Stages"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // FFmpeg 5.1 C libraries, found with pkg-config, plus a shim for macros Swift cannot import.
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libswresample libavcodec libavutil",
            providers: [.apt(["libavformat-dev", "libswresample-dev", "libavcodec-dev", "libavutil-dev"])]
        ),
        // Thin Swift wrapper that owns every FFmpeg pointer: decode, resample, encode.
        .target(name: "MediaIO", dependencies: ["CFFmpeg"]),
        // Rubber Band Library 3 C API (time-stretching, pitch-shifting), found with pkg-config.
        .systemLibrary(name: "CRubberBand", pkgConfig: "rubberband", providers: [.apt(["librubberband-dev"])]),
        // Offline time-stretching and pitch-shifting to exact lengths along anchored time maps (Rubber Band R3).
        .target(name: "TimeStretch", dependencies: ["CRubberBand"]),
        // Pure-Swift PCM processing: float WAV files, crossfades, loudness, limiting. Optimized in debug builds too:
        // its SIMD loops run ~50x slower unoptimized (a 150 s loudness pass took 105 s), which slowed every test and
        // debug render that touches audio.
        .target(name: "DSP", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Pure-Swift mashup logic: lyrics (LRC, plain, alignment), prompt song lists, search scoring, clip CSV, mix plans.
        .target(name: "Mashup"),
        // Network clients for stages: safe media fetcher (SSRF guard), yt-dlp, LRCLIB, Gemini, OpenAI-compatible chat and transcription.
        .target(name: "Services", dependencies: [
            "Mashup",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Manifest model and validation, graph, cache keys, content-addressed store, scheduler.
        .target(
            name: "Pipeline",
            dependencies: [
                "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Stage implementations (source, cut, crossfade, loudness, encode).
        .target(name: "Stages", dependencies: ["Pipeline", "MediaIO", "DSP", "Mashup", "Services", "TimeStretch", "Yams", .product(name: "Logging", package: "swift-log")]),
        // The HTTP API and job service: configuration, stores (SQLite, PostgreSQL), auth, routes, queue and workers.
        .target(
            name: "API",
            dependencies: [
                "Pipeline", "Stages", "Mashup", "Services", "MediaIO", "DSP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                "Yams",
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/web")]
        ),
        // The `intellimix` command-line tool.
        .executableTarget(
            name: "Runner",
            dependencies: [
                "Pipeline", "Stages", "API",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Stages"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DSPTests", dependencies: ["DSP", "TestSupport"]),
        .testTarget(name: "ServicesTests", dependencies: [
            "Services", "Mashup",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MashupTests", dependencies: ["Mashup"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MediaIOTests", dependencies: ["MediaIO", "DSP", "TestSupport"]),
        // Click placement, pitch and argument checks of TimeStretch on audio generated in the tests.
        .testTarget(name: "TimeStretchTests", dependencies: ["TimeStretch"]),
        .testTarget(name: "StagesTests", dependencies: ["Stages", "Pipeline", "MediaIO", "DSP", "TestSupport"]),
        // Test helpers shared by test targets: the loopback fake-services process.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "EndToEndTests", dependencies: ["Pipeline", "Stages", "TestSupport"]),
        .testTarget(name: "APITests", dependencies: [
            "API", "Pipeline", "Stages", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            "Yams",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
