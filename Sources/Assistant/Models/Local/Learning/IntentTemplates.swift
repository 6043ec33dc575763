import Foundation

/// Intent examples written once with placeholders ("find {role} jobs in {place}") and filled from the
/// gazetteers, so the classifier sees requests about every occupation, city and tool, not only the ones
/// someone thought to type. Deterministic.
package struct IntentTemplates {
    let pools: [String: [String]]

    package init(gazetteer: Gazetteer) {
        let slots = SlotTrainingSet(gazetteer: gazetteer).pools
        let roles = (slots["ROLE"] ?? []).filter { $0.split(separator: " ").count <= 3 && $0.count <= 28 }
        pools = [
            "role": roles, "role2": roles, "place": slots["LOC"] ?? [], "skill": slots["SKILL"] ?? [],
            "skill2": slots["SKILL"] ?? [], "company": Self.companies,
        ]
    }

    /// `variants` filled copies of each template, lower-cased as people type.
    package func expand(_ templates: [(intent: String, text: String)], variants: Int) -> [(intent: String, text: String)] {
        var generator = SplitMix64(seed: 0x7E3A)
        var result: [(intent: String, text: String)] = []
        for template in templates {
            for _ in 0..<variants {
                var text = template.text
                // Longest names first ("{role2}" before "{role}"), ties by name: a fixed order keeps training reproducible.
                for (name, pool) in pools.sorted(by: { ($0.key.count, $0.key) > ($1.key.count, $1.key) }) where !pool.isEmpty {
                    while let range = text.range(of: "{\(name)}") {
                        text.replaceSubrange(range, with: (pool.randomElement(using: &generator) ?? "").lowercased())
                    }
                }
                result.append((template.intent, text))
            }
        }
        return result
    }

    static let companies = [
        "Kaiser Permanente", "UPS", "Walmart", "Deloitte", "Target", "Mayo Clinic", "Amazon", "FedEx", "Home Depot",
        "Starbucks", "JPMorgan", "Siemens", "Bosch", "Google", "Stripe", "Marriott", "CVS Health", "Costco", "KPMG",
        "Tesla", "IKEA", "Accenture", "Cleveland Clinic", "Sysco", "Lowe's", "Hilton", "Pfizer", "Boeing", "SAP", "Shopify",
    ]
}
