/// A role read from what a person says they do rather than what they are: "I drive trucks" is a truck driver,
/// "I manage projects" a project manager, "I teach" a teacher. The verb's agent noun, after the thing it acts on,
/// must be a title the catalog knows, so "I write code" makes no "code writer" and "I use Excel" no role at all.
enum ActivityRole {
    /// Verbs whose doer is that occupation whatever the object ("I drive for a grocery chain", "I wait tables").
    static let occupationalVerbs: Set<String> = [
        "drive", "teach", "nurse", "wait", "clean", "cook", "paint", "weld", "farm", "plumb", "tutor", "bartend", "babysit",
        "bake", "garden", "landscape", "coach", "counsel", "translate", "interpret", "deliver",
    ]

    /// Words between "I" and the verb that change nothing ("I currently teach"). "I also teach driving" is a side
    /// activity, not the job, so "also" stops the reading.
    static let adverbs: Set<String> = ["currently", "now", "still", "mostly", "mainly", "professionally", "usually", "just"]

    static let determiners: Set<String> = ["a", "an", "the", "some", "big", "large", "heavy", "semi", "commercial", "my", "our"]

    /// The catalog title for "I <verb> [object]", or nil. `titles` maps lower-cased titles to their catalog spelling.
    static func role(in tokens: [Token], titles: [String: String]) -> String? {
        let words = tokens.map(\.text)
        for start in words.indices where words[start] == "i" {
            var verbIndex = start + 1
            while verbIndex < words.count, adverbs.contains(words[verbIndex]) { verbIndex += 1 }
            guard verbIndex < words.count, tokens[verbIndex].isWord else { continue }
            let verb = words[verbIndex]
            var objectIndex = verbIndex + 1
            while objectIndex < words.count, determiners.contains(words[objectIndex]) { objectIndex += 1 }
            let object = objectIndex < words.count && tokens[objectIndex].isWord ? singular(words[objectIndex]) : nil
            for agent in agentNouns(of: verb) {
                if let object, let title = titles[object + " " + agent] { return title }
                if occupationalVerbs.contains(verb), let title = titles[agent] { return title }
            }
        }
        return nil
    }

    /// "cook" → cook (its own doer, and asked first: O*NET also lists a "Cooker"), "drive" → driver, "teach" →
    /// teacher, "plan" → planner. Candidates only: the catalog decides which is a title.
    static func agentNouns(of verb: String) -> [String] {
        // Machines are run and operated by their operator: "I run a forklift" is a Forklift Operator.
        if ["run", "operate", "operates", "runs"].contains(verb) { return ["operator"] }
        guard verb.count > 2, verb.allSatisfy(\.isLetter) else { return [] }
        var nouns = [verb, verb.hasSuffix("e") ? verb + "r" : verb + "er"]
        if let last = verb.last, !"aeiouwxy".contains(last), verb.count >= 3,
            case let before = Array(verb.suffix(3)), "aeiou".contains(before[1]), !"aeiou".contains(before[0])
        {
            nouns.append(verb + String(last) + "er")
        }
        return nouns
    }

    private static func singular(_ word: String) -> String {
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), word.count > 3 { return String(word.dropLast()) }
        return word
    }
}
