import Storage
import Testing

@Suite("Description fingerprints")
struct DescriptionFingerprintTests {
    static let text = """
        Northwind Freight is hiring a Class A driver for regional routes out of its Columbus terminal. You will haul \
        dry van loads to distribution centres in Ohio, Indiana and Kentucky, inspect your tractor and trailer before \
        every trip, keep your hours of service logs in the electronic logging device, and deliver on schedule. We need \
        a valid CDL class A, a clean driving record and one year of tractor trailer experience. Home most weekends.
        """

    @Test("formatting, case and a short added line keep a description near; another text or too few words do not")
    func nearness() throws {
        let original = try #require(DescriptionFingerprint.of(Self.text))
        let reformatted = try #require(
            DescriptionFingerprint.of(Self.text.uppercased().replacingOccurrences(of: ", ", with: "\n• ") + " Apply today!"))
        #expect(DescriptionFingerprint.near(original, reformatted))
        let other = try #require(
            DescriptionFingerprint.of(
                Self.text.replacingOccurrences(of: "Class A driver for regional routes", with: "warehouse associate for night shifts")
                    .replacingOccurrences(
                        of: "haul dry van loads to distribution centres in", with: "pick and pack orders for stores across"
                    )
                    .replacingOccurrences(
                        of: "inspect your tractor and trailer before every trip", with: "operate a forklift and a pallet jack safely"
                    )
                    .replacingOccurrences(
                        of: "keep your hours of service logs in the electronic logging device", with: "count stock and report damage")))
        #expect(!DescriptionFingerprint.near(original, other))
        #expect(DescriptionFingerprint.of("Drive trucks. Good pay. Apply now.") == nil)
        #expect(DescriptionFingerprint.of(Self.text) == original, "stable: stored values are compared across runs")
    }
}
