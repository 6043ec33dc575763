import Assistant
import Foundation
import Storage
import Testing
import Tools

@Suite("Store contract: documents, interviews, applications, jobs")
struct DocumentAndJobContractTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data")

    @Test("resumes keep every version; letters list newest first", arguments: Backend.available)
    func documents(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let user = try await stores.users.user(named: "ada")
        #expect(try await stores.resumes.latest(userID: user.id) == nil)
        _ = try await stores.resumes.save(userID: user.id, filename: "old.md", text: "Old", parsed: nil)
        let new = try await stores.resumes.save(userID: user.id, filename: "new.md", text: "New", parsed: "{\"name\":\"Ada\"}")
        let latest = try #require(try await stores.resumes.latest(userID: user.id))
        #expect(latest.id == new.id && latest.text == "New" && latest.parsed == "{\"name\":\"Ada\"}")
        _ = try await stores.jobs.upsert([JobPosting(source: "t", title: "Engineer", company: "Acme", location: "Oslo")])
        let job = try #require(try await stores.jobs.search(JobQuery()).first?.posting.id)
        _ = try await stores.letters.save(
            userID: user.id, jobID: job, company: "Acme", title: "Engineer", tone: "formal", text: "Dear Acme")
        _ = try await stores.letters.save(userID: user.id, jobID: nil, company: "Beta", title: "Analyst", tone: "warm", text: "Dear Beta")
        #expect(try await stores.letters.list(userID: user.id).map(\.company) == ["Beta", "Acme"])
        #expect(try await stores.letters.list(userID: user.id).last?.jobID == job)
    }

    @Test("interviews: one current session, recent questions, stories by score", arguments: Backend.available)
    func interviews(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let user = try await stores.users.user(named: "ada")
        let first = try await stores.interviews.create(
            userID: user.id, role: "PM", type: "behavioral", state: "{}", questionIDs: ["q1", "q2"])
        try await stores.interviews.update(id: first, userID: user.id, status: .ended, state: "{\"done\":true}", score: 3.5)
        let second = try await stores.interviews.create(userID: user.id, role: "PM", type: "mixed", state: "{}", questionIDs: ["q3"])
        try await stores.interviews.update(id: second, userID: user.id, status: .paused, state: "{\"at\":1}", score: nil)
        let current = try #require(try await stores.interviews.current(userID: user.id))
        #expect(current.id == second && current.status == .paused && current.state == "{\"at\":1}")
        #expect(try await stores.interviews.list(userID: user.id).map(\.score) == [nil, 3.5])
        #expect(try await stores.interviews.recentQuestionIDs(userID: user.id, sessions: 1) == ["q3"])
        #expect(try await stores.interviews.recentQuestionIDs(userID: user.id, sessions: 5) == ["q1", "q2", "q3"])
        try await stores.interviews.addStory(userID: user.id, question: "Q1", answer: "A1", score: 4)
        try await stores.interviews.addStory(userID: user.id, question: "Q2", answer: "A2", score: 4.5)
        #expect(try await stores.interviews.stories(userID: user.id).map(\.question) == ["Q2", "Q1"])
    }

    @Test("applications: one per job with its status history; follow-ups come due", arguments: Backend.available)
    func applications(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let user = try await stores.users.user(named: "ada")
        _ = try await stores.jobs.upsert([JobPosting(source: "t", title: "Engineer", company: "Acme", location: "Oslo")])
        let job = try #require(try await stores.jobs.search(JobQuery()).first?.posting.id)
        let saved = try await stores.applications.record(
            ApplicationUpdate(jobID: job, company: "Acme", title: "Engineer", status: .saved), userID: user.id)
        #expect(saved.created)
        let applied = try await stores.applications.record(
            ApplicationUpdate(jobID: job, company: "Acme", title: "Engineer", status: .applied, note: "sent"), userID: user.id)
        #expect(applied.created == false && applied.application.id == saved.application.id)
        #expect(applied.application.events.map(\.status) == [.saved, .applied])
        let interviewing = try await stores.applications.record(
            ApplicationUpdate(jobID: job, company: "Acme", title: "Engineer", status: .interviewing), userID: user.id)
        #expect(interviewing.application.note == "sent", "an update without a note keeps the last one")
        #expect(interviewing.application.events.map(\.note) == [nil, "sent", nil])
        let stranger = try await stores.users.user(named: "grace")
        #expect(try await stores.applications.list(userID: stranger.id, status: nil).isEmpty, "each user sees only their own")
        _ = try await stores.applications.record(
            ApplicationUpdate(jobID: nil, company: "Beta", title: "Analyst", status: .rejected), userID: user.id)
        let byName = try await stores.applications.record(
            ApplicationUpdate(jobID: nil, company: "BETA", title: "analyst", status: .interviewing), userID: user.id)
        #expect(byName.created == false)
        #expect(try await stores.applications.list(userID: user.id, status: nil).count == 2)
        #expect(try await stores.applications.list(userID: user.id, status: .interviewing).map(\.company) == ["Beta", "Acme"])
        #expect(try await stores.applications.due(userID: user.id, now: Date()).isEmpty)
        #expect(try await stores.applications.due(userID: user.id, now: Date().addingTimeInterval(8 * 86_400)).count == 2)
    }

    @Test("source runs: the latest per board", arguments: Backend.available)
    func sourceRuns(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        try await stores.sourceRuns.record(
            SourceRun(source: "remotive", query: "swift", status: .failed, reason: "HTTP 500", latencyMilliseconds: 20, at: at))
        try await stores.sourceRuns.record(
            SourceRun(source: "remotive", query: "swift", status: .ok, fetched: 5, new: 2, latencyMilliseconds: 80, at: at))
        try await stores.sourceRuns.record(SourceRun(source: "arbeitnow", query: "", status: .empty, latencyMilliseconds: 30, at: at))
        let latest = try await stores.sourceRuns.latest()
        #expect(latest.map(\.source) == ["arbeitnow", "remotive"])
        #expect(latest.last?.status == .ok && latest.last?.new == 2)
    }

    @Test("job upserts merge sources and keep the richer description", arguments: Backend.available)
    func upserts(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let posting = JobPosting(source: "a", title: "Data Engineer", company: "Acme", location: "Berlin", description: "short")
        #expect(try await stores.jobs.upsert([posting]) == IndexWriteReport(inserted: 1))
        var richer = posting
        richer.source = "b"
        richer.description = "a much longer description of the job"
        #expect(try await stores.jobs.upsert([richer]) == IndexWriteReport(updated: 1))
        let hit = try #require(try await stores.jobs.search(JobQuery(text: "data engineer")).first)
        #expect(hit.posting.description == richer.description)
        #expect(try await stores.jobs.posting(id: hit.posting.id)?.title == "Data Engineer")
        #expect(try await stores.jobs.count() == 1)
        #expect(try await stores.jobs.search(JobQuery(text: "\") OR 1=1; -- NEAR(*)")).isEmpty, "query syntax is inert")
    }

    @Test("a posting seen again follows JobMergePolicy column by column, on every backend", arguments: Backend.available)
    func mergePolicy(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let posted = Date(timeIntervalSince1970: 1_760_000_000)
        var first = JobPosting(source: "a", title: "Payroll Accountant", company: "Ledger", location: "Omaha", description: "full text")
        first.url = "https://a.example/1"
        first.salaryMin = 50_000
        first.salaryCurrency = "USD"
        first.salaryPeriod = .year
        first.postedAt = posted
        _ = try await stores.jobs.upsert([first])
        var again = first
        again.source = "b"
        again.url = nil
        again.salaryMin = 55_000
        again.salaryCurrency = nil
        again.postedAt = posted.addingTimeInterval(-86_400)
        again.description = "short"
        _ = try await stores.jobs.upsert([again, again])
        let hit = try #require(try await stores.jobs.search(JobQuery(text: "payroll accountant")).first)
        let merged = try #require(try await stores.jobs.posting(id: hit.posting.id))
        #expect(merged.sources == ["a", "b"], "appendName: each board once")
        #expect(merged.url == "https://a.example/1", "preferIncoming keeps the stored value when the new one is missing")
        #expect(merged.salaryMin == 55_000 && merged.salaryCurrency == "USD", "preferIncoming")
        #expect(merged.postedAt == posted, "later")
        #expect(merged.description == "full text", "longerText")
        var third = again
        third.source = "c"
        third.url = "https://c.example/2"
        third.postedAt = nil
        _ = try await stores.jobs.upsert([third])
        let latest = try #require(try await stores.jobs.posting(id: hit.posting.id))
        #expect(latest.links == ["a": "https://a.example/1", "c": "https://c.example/2"], "unionObject")
        #expect(latest.url == "https://c.example/2" && latest.postedAt == posted && latest.sources == ["a", "b", "c"])
    }

    static let icuDescription = """
        Mercy Health is hiring a registered nurse for its intensive care unit. What you will do:
        - Monitor critically ill patients, titrate drips and respond to changes in their condition.
        - Work with physicians, respiratory therapists and pharmacists on each patient's plan of care.
        - Teach patients and families what to expect after they leave the unit.
        What you bring: a current RN licence, BLS and ACLS, and two years of acute care experience.
        Twelve-hour shifts, every third weekend, with a sign-on bonus.
        """

    @Test(
        "a board's differently titled copy merges by company, place and near-identical description; levels and places do not",
        arguments: Backend.available)
    func descriptionDuplicates(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let original = JobPosting(
            source: "linkedin", title: "ICU Registered Nurse", company: "Mercy Health", location: "Boston, MA, US",
            description: Self.icuDescription)
        #expect(try await stores.jobs.upsert([original]) == IndexWriteReport(inserted: 1))
        var copy = original
        copy.source = "indeed"
        copy.title = "RN - Intensive Care Unit (Days)"
        copy.company = "Mercy Health, Inc."
        copy.description = Self.icuDescription.uppercased().replacingOccurrences(of: "\n- ", with: " • ") + " Apply on Indeed today."
        #expect(try await stores.jobs.upsert([copy]) == IndexWriteReport(updated: 1), "same job, another board's title and format")
        let merged = try #require(try await stores.jobs.search(JobQuery(text: "icu registered nurse")).first?.posting)
        #expect(merged.title == "ICU Registered Nurse")
        #expect(merged.sources == ["linkedin", "indeed"])

        var senior = original
        senior.title = "Senior ICU Registered Nurse"
        var elsewhere = copy
        elsewhere.location = "Dallas, TX, US"
        var otherJob = copy
        otherJob.title = "Night Charge Nurse"
        otherJob.description = Self.icuDescription.replacingOccurrences(of: "intensive care unit", with: "emergency department")
            .replacingOccurrences(of: "Monitor critically ill patients, titrate drips", with: "Triage walk-in patients, start lines")
            .replacingOccurrences(of: "on each patient's plan of care", with: "on the flow of the department at night")
            .replacingOccurrences(of: "Teach patients and families what to expect", with: "Lead the night team and staff each shift")
        var terse = original
        terse.title = "Nurse (ICU)"
        terse.description = "Great pay. Apply now."
        var terseCopy = terse
        terseCopy.title = "ICU Nurse"
        #expect(
            try await stores.jobs.upsert([senior, elsewhere, otherJob, terse, terseCopy]) == IndexWriteReport(inserted: 5),
            "another level, another place, another text, or too little text to tell: five jobs")
        #expect(try await stores.jobs.count() == 6)
    }

    @Test("a posting's occupation is stored, filters searches, and is kept when the posting is seen again", arguments: Backend.available)
    func occupations(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        var nurse = JobPosting(source: "a", title: "ICU Nurse", company: "Mercy", location: "Houston, TX, US", occupationCode: "29-1141.00")
        let clerk = JobPosting(source: "a", title: "Clerk", company: "Mercy", location: "Dallas, TX, US", occupationCode: "43-9061.00")
        _ = try await stores.jobs.upsert([nurse, clerk])
        nurse.source = "b"
        nurse.url = "https://b.example/1"
        nurse.occupationCode = nil
        #expect(try await stores.jobs.upsert([nurse]) == IndexWriteReport(updated: 1))

        var query = JobQuery(limit: 10)
        query.occupationCodes = ["29-1141.00"]
        let hits = try await stores.jobs.search(query)
        #expect(hits.map(\.posting.title) == ["ICU Nurse"])
        let stored = try await stores.jobs.posting(id: try #require(hits.first).posting.id)
        #expect(stored?.occupationCode == "29-1141.00")
        #expect(stored?.sources == ["a", "b"])
        #expect(stored?.links == ["b": "https://b.example/1"], "a board without a link adds none")
        var texas = JobQuery(location: "Texas", limit: 10)
        texas.locationAlternatives = [", TX"]
        #expect(Set(try await stores.jobs.search(texas).map(\.posting.title)) == ["ICU Nurse", "Clerk"])
        #expect(
            try await stores.jobs.search(JobQuery(location: "Texas", limit: 10)).isEmpty, "without the abbreviation only the name matches")

        let unmapped = JobPosting(source: "a", title: "Welder", company: "Kiewit", location: "Pasadena, TX, US")
        _ = try await stores.jobs.upsert([unmapped])
        let missing = try await stores.jobs.postingsWithoutOccupation(after: 0, limit: 10)
        #expect(missing.map(\.title) == ["Welder"])
        try await stores.jobs.setOccupations([try #require(missing.first).id: "51-4121.00"])
        #expect(try await stores.jobs.postingsWithoutOccupation(after: 0, limit: 10).isEmpty)
        var welders = JobQuery(limit: 10)
        welders.occupationCodes = ["51-4121.00"]
        #expect(try await stores.jobs.search(welders).map(\.posting.title) == ["Welder"])
    }

    @Test("a place matches whole words of the location or the country code, with or without words to search", arguments: Backend.available)
    func places(backend: Backend) async throws {
        let stores = try await backend.makeStores().stores
        let places: [(String, String?)] = [
            ("Berlin, BE, DE", "DE"), ("Dover, DE, US", "US"), ("Denver, CO, US", "US"), ("Remote", "DE"),
            ("London, ENG, GB", "GB"), ("New London, CT, US", "US"), ("Londonderry, NH, US", "US"),
            ("New York, NY, US", "US"), ("York, PA, US", "US"), ("Bogotá, DC, CO", "CO"),
        ]
        _ = try await stores.jobs.upsert(
            places.map { place, country in
                JobPosting(source: "a", title: "Teacher", company: "School of \(place)", location: place, country: country)
            })
        func found(_ location: String, text: String? = nil) async throws -> Set<String> {
            Set(try await stores.jobs.search(JobQuery(text: text, location: location, limit: 50)).map(\.posting.location))
        }
        #expect(try await found("DE") == ["Berlin, BE, DE", "Dover, DE, US", "Remote"], "Germany or Delaware, never Denver")
        #expect(try await found("London") == ["London, ENG, GB", "New London, CT, US"], "a whole word, not Londonderry")
        #expect(try await found("New York", text: "teacher") == ["New York, NY, US"], "the words in order, not York alone")
        #expect(try await found("bogota", text: "teach") == ["Bogotá, DC, CO"], "accents do not matter")
        #expect(try await found("Atlantis", text: "teacher").isEmpty)
        #expect(try await found("Atlantis").isEmpty)
        #expect(try await found("\"(*").count == places.count, "a place with no letters filters nothing")
        let market = try await stores.jobs.marketStats(title: "teacher", location: "DE", sample: 100)
        #expect(market.total == 3)
    }

    /// The fixed query set both indexes must agree on: words, prefixes, typos, accents, filters and hostile input.
    static let agreementQueries: [JobQuery] = [
        JobQuery(text: "data engineer", limit: 500),
        JobQuery(text: "nurse", limit: 500),
        JobQuery(text: "python", limit: 500),
        JobQuery(text: "softw devel", limit: 500),
        JobQuery(text: "kubernets", limit: 500),
        JobQuery(text: "accountant", location: "US", limit: 500),
        JobQuery(text: "manager", arrangements: [.remote], limit: 500),
        JobQuery(text: "analyst", salaryMin: 90_000, requireSalary: true, limit: 500),
        JobQuery(text: "teacher", salaryMin: 50_000, limit: 500),
        JobQuery(text: "sales", seniority: "senior", limit: 500),
        JobQuery(text: "c++ developer", limit: 500),
        JobQuery(text: "bogota", limit: 500),
        JobQuery(text: "São Paulo", limit: 500),
        JobQuery(text: "\"mechanic*\" OR (", limit: 500),
        JobQuery(location: "Chicago", limit: 50),
        JobQuery(text: "teacher", location: "London", limit: 50),
        JobQuery(text: "engineer", location: "New York", limit: 500),
        JobQuery(location: "DE", limit: 500),
        JobQuery(text: "rn", limit: 500),
        JobQuery(text: "go", limit: 500),
        {
            var query = JobQuery(location: "Texas", limit: 500)
            query.locationAlternatives = [", TX"]
            return query
        }(),
        {
            var query = JobQuery(limit: 500)
            query.occupationCodes = ["29-1141.00", "13-2011.00"]
            return query
        }(),
        {
            var query = JobQuery(text: "senior", limit: 500)
            query.occupationCodes = ["29-1141.00"]
            return query
        }(),
    ]

    @Test("SQLite and PostgreSQL return the same postings for the fixed query set on the same corpus")
    func searchAgreement() async throws {
        guard Backend.available.contains(.postgresql) else { return }
        // Reading the reference data takes seconds in a debug build: never on the pool the database replies need.
        let generator = try await BlockingWork.run { try SyntheticJobGenerator.load(dataDirectory: Self.data) }
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        var backends: [Stores] = []
        for backend in [Backend.sqlite, .postgresql] {
            let stores = try await backend.makeStores().stores
            let report = try await stores.jobs.bulkLoad { insert in
                try generator.generate(count: 3_000, seed: 7, now: now, batchSize: 700, insert)
            }
            #expect(report.inserted > 2_900)
            backends.append(stores)
        }
        let (sqlite, postgres) = (backends[0], backends[1])
        #expect(try await sqlite.jobs.count() == postgres.jobs.count())
        var nonEmpty = 0
        for query in Self.agreementQueries {
            let left = try await sqlite.jobs.search(query).map(\.posting.dedupKey)
            let right = try await postgres.jobs.search(query).map(\.posting.dedupKey)
            if !left.isEmpty { nonEmpty += 1 }
            #expect(Set(left) == Set(right), "query \(query.text ?? "") \(query.location ?? ""): \(left.count) vs \(right.count)")
            #expect(left.count == right.count)
            // The title-first phase (unranked hits) is ordered newest first in both, so those agree in order too;
            // after it bm25 and ts_rank may order the same postings differently.
            var short = query
            short.limit = 5
            let titled = try await sqlite.jobs.search(short).filter { $0.rank == nil }.map(\.posting.dedupKey)
            let titledPG = try await postgres.jobs.search(short).filter { $0.rank == nil }.map(\.posting.dedupKey)
            #expect(titled == titledPG, "title-first order for \(query.text ?? "")")
        }
        #expect(nonEmpty >= 9, "the query set must exercise real matches")
        let market = try await sqlite.jobs.marketStats(title: "engineer", location: nil, sample: 2_000)
        let marketPG = try await postgres.jobs.marketStats(title: "engineer", location: nil, sample: 2_000)
        #expect(market.total > 0)
        #expect(market.total == marketPG.total && market.topSkills == marketPG.topSkills && market.remoteShare == marketPG.remoteShare)
    }
}
