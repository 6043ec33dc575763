import Foundation

/// The licensed reference data the tools read, loaded once from `data/` per process and shared by every
/// surface: skills, places, occupations with wages, interview questions and search synonyms.
package struct ReferenceData: Sendable {
    package var taxonomy: SkillTaxonomy
    package var countries: CountryNames
    /// O*NET + BLS; read on first use, since only some tools need it.
    package var occupations: OccupationCatalogLoader
    package var questionBank: QuestionBank
    package var synonyms: SearchSynonyms

    package init(
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
    package static func load(dataDirectory: URL) throws -> ReferenceData {
        ReferenceData(
            taxonomy: try SkillTaxonomy.load(dataDirectory: dataDirectory), countries: CountryNames.load(dataDirectory: dataDirectory),
            occupations: OccupationCatalogLoader(dataDirectory: dataDirectory),
            questionBank: try QuestionBank.load(dataDirectory: dataDirectory), synonyms: SearchSynonyms.load(dataDirectory: dataDirectory))
    }
}
