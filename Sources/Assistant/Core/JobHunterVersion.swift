/// The product version, one place for the CLI's --version, the banner, /health, the OpenAPI document and the
/// User-Agent job boards see.
package enum JobHunterVersion {
    package static let current = "0.1.0"
}
