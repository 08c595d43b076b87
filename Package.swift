// swift-tools-version:6.0
// OpenWorkers in Swift — package layout follows ../shared/design.md §2.
import PackageDescription

// V8 comes from Debian's libnode108/libnode-dev, unpacked by scripts/bootstrap.sh into .deps/node
// (never /usr/include/node: on this image that holds NodeSource's mismatched V8 11 headers).
let root = Context.packageDirectory
let nodeInclude = "\(root)/.deps/node/usr/include/node"
let nodeLib = "\(root)/.deps/node/usr/lib/x86_64-linux-gnu"

/// Release builds of the request path skip Swift's dynamic exclusivity checks (measured ~1.5% of the
/// HTTP server's CPU); static checks and debug builds keep them.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "OpenWorkers",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "runner", targets: ["Runner"]),
    ],
    targets: [
        // C shims, each imported by exactly one Swift module.
        .target(
            name: "CSysShim",
            cSettings: [.define("_GNU_SOURCE")]
        ),
        .target(
            name: "CV8Bridge",
            cxxSettings: [.unsafeFlags(["-I\(nodeInclude)", "-fno-rtti", "-O2"])],
            linkerSettings: [
                .linkedLibrary("node"),
                .linkedLibrary("crypto"),
                .linkedLibrary("z"),
                .unsafeFlags(["-L\(nodeLib)", "-Xlinker", "-rpath", "-Xlinker", nodeLib]),
            ]
        ),

        // libcurl behind typed (non-variadic) wrappers; imported only by Shared's HTTPClient.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        // nats.c (Debian libnats-dev) through a module map; imported only by Shared's NATS client.
        .systemLibrary(name: "CNats", pkgConfig: "libnats", providers: [.apt(["libnats-dev"])]),

        // libpq (PostgreSQL client), a system library found by pkg-config; imported only by Shared's Postgres.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Core library every service links.
        .target(
            name: "Shared",
            dependencies: ["CSysShim", "CCurl", "CLibPQ", "CNats"],
            exclude: ["README.md"],
            swiftSettings: hotPath
        ),

        // The JS engine: V8 bridge wrapper, Web API glue (JS resources), isolate pool, limits.
        .target(
            name: "WorkerRuntime",
            dependencies: ["CV8Bridge", "Shared", "URLStandard"],
            exclude: ["README.md"],
            resources: [.copy("JS")],
            swiftSettings: hotPath
        ),

        .executableTarget(name: "Runner", dependencies: ["Shared", "WorkerRuntime"], exclude: ["README.md"]),
        .executableTarget(name: "RuntimeBench", dependencies: ["Shared", "WorkerRuntime"]),

        // WHATWG URL Standard parser (backs the JS URL class); ICU for IDNA, imported only by it.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icuuc")]),
        .target(name: "URLStandard", dependencies: ["CICU"], exclude: ["README.md"]),
        .testTarget(name: "URLStandardTests", dependencies: ["URLStandard"], exclude: ["expectations.json"]),

        .testTarget(name: "SharedTests", dependencies: ["Shared"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner"]),
        .testTarget(
            name: "WorkerRuntimeTests",
            dependencies: ["WorkerRuntime"],
            resources: [.copy("Fixtures")]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
