import Assistant
import Foundation
import Tools

/// Offline scoring time per mock-interview answer (target < 5 ms).
enum InterviewBench {
    static func run(root: URL) {
        guard let taxonomy = try? SkillTaxonomy.load(dataDirectory: root.appendingPathComponent("data")) else {
            print("interview benchmark: cannot load data/")
            return
        }
        let scorer = AnswerScorer(taxonomy: taxonomy)
        let behavioral = InterviewQuestion(id: "b", text: "Tell me about a time you fixed a failing process.", kind: .behavioral)
        let technical = InterviewQuestion(
            id: "t", text: "What is the bias-variance trade-off?", kind: .technical,
            keyPoints: ["bias", "variance", "underfitting", "overfitting"])
        let answers = [
            "At my last job our release process was failing every week and customers noticed. My task was to make releases reliable. I rebuilt the pipeline in Jenkins, added integration tests to every merge, and I trained two engineers to own it. As a result failed releases dropped by 80% within 2 months and we shipped weekly again.",
            "We worked hard as a team and things got better eventually.",
            String(repeating: "I designed the service in Go and Kubernetes, measured latency, and cut p99 by 40 percent. ", count: 6),
        ]
        let clock = ContinuousClock()
        var samples: [Double] = []
        for round in 0..<300 {
            for answer in answers {
                let question = round % 2 == 0 ? behavioral : technical
                let start = clock.now
                _ = scorer.assess(answer, question: question)
                let elapsed = clock.now - start
                samples.append(elapsed.inMilliseconds)
            }
        }
        samples.sort()
        print(
            String(
                format: "Interview answer scoring (offline rules): p50 %.3f ms, p99 %.3f ms over %d answers",
                samples[samples.count / 2], samples[samples.count * 99 / 100], samples.count))

        // Resume parse + analysis for a two-page text resume (about 900 words).
        let role = """
            ### Senior Data Engineer, Cobalt Analytics (Jan 2021 – Present)
            - Built Airflow pipelines in Python moving 2 TB a day across 40 sources
            - Responsible for the warehouse migration to Snowflake
            - Cut query costs by 30% with partitioning and clustering
            - Mentored four engineers and ran weekly design reviews
            """
        let resume =
            "# Jordan Lee\njordan@example.net · +44 20 7946 0958 · github.com/jordanlee\n\n## Summary\nData engineer.\n\n## Experience\n"
            + String(repeating: role + "\n", count: 16)
            + "\n## Education\nBSc Computer Science, University of Leeds, 2016\n\n## Skills\nPython, SQL, Apache Airflow, Snowflake, Kubernetes\n"
        let parser = ResumeParser(taxonomy: taxonomy)
        let analyzer = ResumeAnalyzer(taxonomy: taxonomy, today: YearMonth(year: 2026, month: 11))
        var resumeSamples: [Double] = []
        for _ in 0..<100 {
            let start = clock.now
            _ = analyzer.analyze(parser.parse(resume))
            let elapsed = clock.now - start
            resumeSamples.append(elapsed.inMilliseconds)
        }
        resumeSamples.sort()
        print(
            String(
                format: "Resume parse + analysis (%d words): p50 %.1f ms, p99 %.1f ms", resume.split { $0.isWhitespace }.count,
                resumeSamples[resumeSamples.count / 2], resumeSamples[resumeSamples.count * 99 / 100]))
    }
}
