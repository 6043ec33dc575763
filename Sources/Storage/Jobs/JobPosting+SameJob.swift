/// The second way two postings are found to be one job: same company and place, near-identical description
/// (see DescriptionFingerprint), and the same level in the title, when the boards title the job differently.
extension JobPosting {
    /// Company and place as the dedup key spells them: where a differently titled copy of a posting is looked for.
    package var companyPlaceKey: String {
        Self.companyKey(company) + "|" + Self.placeKey(location)
    }

    /// A company's postings in one place compared with a new one, newest first; more than this many is a bulk
    /// listing, where the newest few hundred are the ones a re-post would copy.
    package static let sameJobCandidates = 500

    package var descriptionFingerprint: Int64? { DescriptionFingerprint.of(description) }

    /// A stored posting this one (whose description has `fingerprint`) duplicates although their dedup keys
    /// differ: the first candidate (dedup key, title, fingerprint) at the same company and place whose description
    /// is near-identical and whose title has the same level words. "Senior Accountant" and "Accountant" stay two
    /// jobs however alike their text.
    package func duplicate(fingerprint: Int64, among candidates: [(key: String, title: String, fingerprint: Int64)]) -> String? {
        let level = Self.levelWords(title)
        return candidates.first { candidate in
            DescriptionFingerprint.near(candidate.fingerprint, fingerprint) && Self.levelWords(candidate.title) == level
        }?.key
    }

    static let levels: Set<String> = [
        "senior", "junior", "lead", "principal", "staff", "head", "chief", "director", "intern", "trainee", "entry",
        "associate", "apprentice", "assistant", "1", "2", "3", "4", "5", "i",
    ]

    static func levelWords(_ title: String) -> Set<String> {
        Set(titleWords(title).filter(levels.contains))
    }

    /// The level words of this posting's title ("senior", "2", "lead"…).
    package var seniorityWords: Set<String> { Self.levelWords(title) }
}
