import Foundation

/// The closed word lists the slot extractor reads. Kept together so they are easy to extend.
extension SlotExtractor {
    static let seniorityWords: [String: String] = [
        "intern": "intern", "internship": "intern", "junior": "junior", "jr": "junior", "graduate": "junior",
        "entry": "junior", "mid": "mid", "midlevel": "mid", "intermediate": "mid", "senior": "senior",
        "sr": "senior", "snr": "senior", "staff": "staff", "principal": "principal", "lead": "lead",
        "head": "lead", "director": "director", "vp": "executive", "executive": "executive",
    ]

    static let remoteWords: [String: String] = [
        "remote": "remote", "remotely": "remote", "wfh": "remote", "telecommute": "remote",
        "distributed": "remote", "homeoffice": "remote", "hybrid": "hybrid", "onsite": "onsite",
    ]

    static let jobNouns: Set<String> = [
        "job", "jobs", "role", "roles", "position", "positions", "opening", "openings", "vacancy", "vacancies",
        "gig", "gigs", "posting", "postings", "opportunities", "opportunity", "listings", "offers",
    ]

    static let referenceNouns: Set<String> = [
        "one", "job", "role", "position", "posting", "company", "offer", "opening", "listing",
    ]

    static let placePrepositions: Set<String> = [
        "in", "near", "around", "at", "from", "to", "within", "based", "across", "throughout", "inside", "outside",
    ]

    static let companyPrepositions: Set<String> = ["at", "for", "with"]

    static let salaryCues: Set<String> = [
        "least", "minimum", "min", "over", "above", "than", "from", "paying", "pays", "pay", "salary", "earn",
        "make", "floor", "starting", "beyond", "exceeding", "between", "offering", "around",
    ]

    static let nonMoneyUnits: Set<String> = [
        "years", "year", "yrs", "yr", "questions", "question", "days", "day", "weeks", "week", "months",
        "month", "minutes", "results", "jobs", "people", "employees", "percent", "st", "nd", "rd", "th",
        "interviews", "applications", "offers", "times", "companies", "roles", "positions", "hours",
    ]

    static let hourlyWords: Set<String> = ["hour", "hr", "hourly", "ph", "hours"]

    static let currencyCodes: [String: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"]

    static let currencyWords: [String: String] = [
        "usd": "USD", "dollars": "USD", "dollar": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
        "gbp": "GBP", "pounds": "GBP", "chf": "CHF", "cad": "CAD", "aud": "AUD", "inr": "INR",
    ]

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
    ]

    static let ordinals: [String: Int] = [
        "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
        "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
        "tenth": 10, "10th": 10,
    ]

    static let skillFillerWords: Set<String> = [
        "my", "skills", "skill", "skils", "skillset", "list", "profile", "the", "to", "as", "a", "an", "too", "please", "pls", "also",
        "of", "in", "some", "well", "good", "at", "know", "i", "with", "do", "does", "did", "doing",
    ]

    static let stopWords: Set<String> = [
        "a", "an", "the", "me", "my", "i", "im", "you", "your", "for", "in", "at", "on", "of", "to", "and", "or",
        "with", "any", "some", "find", "search", "show", "get", "look", "looking", "want", "need", "like",
        "please", "pls", "can", "could", "would", "new", "good", "best", "top", "all", "open", "available",
        "that", "this", "these", "those", "there", "are", "is", "be", "it", "what", "which", "who", "where",
        "paying", "pays", "least", "more", "than", "over", "above", "near", "around", "from", "jobs", "job",
        "roles", "role", "positions", "position", "openings", "hiring", "work", "remote", "hybrid", "onsite",
        "full", "part", "time", "contract", "fulltime", "parttime", "today", "week", "month", "posted", "latest",
        "recent", "do", "have", "has", "got", "help", "us", "we", "our", "as", "by", "about", "into", "other",
        "similar", "cool", "interesting", "nice", "great", "hi", "hey", "hello", "so", "then", "now", "also",
        "just", "really", "very", "company", "companies", "startup", "startups", "place", "places", "city",
        "anywhere", "home", "office", "based", "within", "least", "entry", "level", "years", "experience",
    ]
}
