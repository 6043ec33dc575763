// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "JobHunter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jobhunter", targets: ["jobhunter"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already in the graph through postgres-nio; named so PostgresStorage can configure TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already in the graph through postgres-nio; `serve` runs its parts as one ServiceGroup.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The engine: messages, the ChatModel protocol, tools, the tool-call loop and the offline model.
        .target(
            name: "Assistant",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        // Test doubles shared by every test target (scripted model, in-memory stores, fixed clock).
        .target(name: "AssistantTesting", dependencies: ["Assistant"]),
        // A scriptable Chat Completions server on 127.0.0.1 for integration and end-to-end tests.
        .target(
            name: "FakeOpenAIServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The store protocols and the domain types they carry, with no database driver: tools talk only to these.
        .target(name: "Storage", dependencies: ["Assistant"]),
        // The embedded default: every store on one SQLite file. GRDB stays inside this module.
        .target(
            name: "SQLiteStorage",
            dependencies: ["Assistant", "Storage", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Every store in memory, with the same contracts, for tests that need no database.
        .target(name: "InMemoryStorage", dependencies: ["Assistant", "AssistantTesting", "Storage"]),
        // The PostgreSQL backend for several `serve` instances on one database; PostgresNIO stays inside it.
        .target(
            name: "PostgresStorage",
            dependencies: [
                "Assistant", "Storage", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // System zlib, for reading DOCX (ZIP) files; zlib1g-dev is installed by make and CI.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Tools", dependencies: ["Assistant", "Storage", "CZlib"]),
        // System OpenSSL (libssl-dev): HMAC, PBKDF2, SHA-1 and the random generator for auth and WebSocket.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(
            name: "Transport",
            dependencies: [
                "Assistant", "COpenSSL", "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "jobhunter",
            dependencies: [
                "Assistant", "Storage", "SQLiteStorage", "PostgresStorage", "Tools", "Transport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "JobHunterBench",
            dependencies: ["Assistant", "AssistantTesting", "Storage", "SQLiteStorage", "PostgresStorage", "Tools"],
            path: "Benchmarks/JobHunterBench"
        ),
        // The WebSocket benchmark's reference server (SwiftNIO's own NIOWebSocket) and its load generator.
        .executableTarget(
            name: "NIOEchoServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Benchmarks/NIOEchoServer"
        ),
        .executableTarget(name: "WebSocketLoad", dependencies: ["CZlib"], path: "Benchmarks/WebSocketLoad"),
        .testTarget(name: "AssistantTests", dependencies: ["Assistant", "AssistantTesting", "FakeOpenAIServer"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "SQLiteStorage", "Assistant"]),
        .testTarget(name: "ToolsTests", dependencies: ["Tools", "Storage", "SQLiteStorage", "Assistant", "AssistantTesting", "CZlib"]),
        .testTarget(
            name: "TransportTests",
            dependencies: [
                "Transport", "Assistant", "AssistantTesting", "CZlib", "FakeOpenAIServer", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The store protocols' contract, run against SQLite and PostgreSQL alike.
        .testTarget(
            name: "StoreContractTests",
            dependencies: [
                "Assistant", "Storage", "SQLiteStorage", "InMemoryStorage", "PostgresStorage", "Tools",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["FakeOpenAIServer", "Transport"]),
    ],
    swiftLanguageModes: [.v6]
)
