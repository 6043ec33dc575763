import Foundation

/// The licensed reference data the tools read, loaded once from `data/` per process and shared by every
/// surface: skills, places, occupations with wages, interview questions and search synonyms.
public struct ReferenceData: Sendable {
    public var taxonomy: SkillTaxonomy
    public var countries: CountryNames
    /// O*NET + BLS; read on first use, since only some tools need it.
    public var occupations: OccupationCatalogLoader
    public var questionBank: QuestionBank
    public var synonyms: SearchSynonyms

    public init(
        taxonomy: SkillTaxonomy, countries: CountryNames, occupations: OccupationCatalogLoader, questionBank: QuestionBank,
        synonyms: SearchSynonyms
    ) {
        self.taxonomy = taxonomy
        self.countries = countries
        self.occupations = occupations
        self.questionBank = questionBank
        self.synonyms = synonyms
    }

    /// Seconds of parsing in a debug build: call it off the cooperative pool (`BlockingWork.run`).
    public static func load(dataDirectory: URL) throws -> ReferenceData {
        ReferenceData(
            taxonomy: try SkillTaxonomy.load(dataDirectory: dataDirectory), countries: CountryNames.load(dataDirectory: dataDirectory),
            occupations: OccupationCatalogLoader(dataDirectory: dataDirectory),
            questionBank: try QuestionBank.load(dataDirectory: dataDirectory), synonyms: SearchSynonyms.load(dataDirectory: dataDirectory))
    }
}
