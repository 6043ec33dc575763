import Assistant
import Foundation

/// The schemas of the tools later issues implement. Argument names match what the local model emits.
enum PlannedTools {
    static var all: [PlannedTool] {
        let location = Schema.string("City or country, e.g. \"Berlin\" or \"Germany\".")
        let seniority = Schema.string(
            "Seniority level.", oneOf: ["intern", "junior", "mid", "senior", "staff", "principal", "lead", "director", "executive"])
        let role = Schema.string("Job title, e.g. \"iOS Engineer\".")
        let jobIndex = "it arrives with the local job index"
        let resume = "it arrives with resume reading and analysis"
        let interviews = "it arrives with mock interview sessions"
        let insight = "it arrives with the market data and career tools"
        let tracking = "it arrives with application tracking"
        return [
            PlannedTool(
                name: "search_jobs",
                description: "Searches job postings. Results are numbered so the user can refer to them later.",
                parameters: Schema.object([
                    "query": Schema.string("Role or keywords, e.g. \"Python Developer\"."),
                    "location": location,
                    "remote": Schema.boolean("true for remote only, false for on-site only."),
                    "hybrid": Schema.boolean("true for hybrid roles."),
                    "seniority": seniority,
                    "salary_min": Schema.integer("Minimum salary.", minimum: 0),
                    "salary_currency": Schema.string("ISO currency code of salary_min."),
                    "salary_period": Schema.string("Pay period of salary_min.", oneOf: ["year", "hour"]),
                    "company": Schema.string("Company name."),
                    "posted_within_days": Schema.integer("Only postings newer than this many days.", minimum: 1),
                ]),
                arrives: jobIndex),
            PlannedTool(
                name: "recommend_jobs",
                description: "Ranks postings against the user's profile and resume and explains each match.",
                parameters: Schema.object([
                    "location": location, "remote": Schema.boolean("Remote only."), "seniority": seniority,
                ]),
                arrives: jobIndex),
            PlannedTool(
                name: "analyze_resume",
                description: "Analyses the user's resume (or its fit to a job) and returns scored findings.",
                parameters: Schema.object([
                    "path": Schema.string("Path of a resume file to read."), "job_ref": Schema.jobReference,
                    "target_role": role,
                ]),
                arrives: resume),
            PlannedTool(
                name: "optimize_resume",
                description: "Rewrites resume bullets and summary for a target job without inventing experience.",
                parameters: Schema.object([
                    "path": Schema.string("Path of a resume file to read."), "job_ref": Schema.jobReference,
                    "target_role": role,
                ]),
                arrives: resume),
            PlannedTool(
                name: "write_cover_letter",
                description: "Writes a cover letter for a job grounded in the user's resume and profile.",
                parameters: Schema.object([
                    "job_ref": Schema.jobReference, "role": role, "company": Schema.string("Company name."),
                    "tone": Schema.string("Tone of the letter.", oneOf: ["formal", "warm", "concise"]),
                ]),
                arrives: "it arrives with the cover letter writer"),
            PlannedTool(
                name: "start_mock_interview",
                description: "Starts a mock interview session; the assistant then asks questions one by one.",
                parameters: Schema.object([
                    "role": role, "seniority": seniority,
                    "interview_type": Schema.string(
                        "Kind of interview.", oneOf: ["behavioral", "technical", "mixed", "system_design"]),
                    "num_questions": Schema.integer("Number of questions.", minimum: 1, maximum: 50),
                    "company": Schema.string("Company name."), "job_ref": Schema.jobReference,
                ]),
                arrives: interviews),
            PlannedTool(
                name: "answer_interview",
                description: "Submits the user's answer to the current interview question, or a command.",
                parameters: Schema.object([
                    "answer": Schema.string("The user's answer, verbatim."),
                    "command": Schema.string("A command instead of an answer.", oneOf: ["skip", "repeat", "hint", "pause"]),
                ]),
                arrives: interviews),
            PlannedTool(
                name: "end_interview", description: "Ends the running mock interview and returns its summary.",
                parameters: Schema.object([:]), arrives: interviews),
            PlannedTool(
                name: "interview_prep",
                description: "Prepares the user for an interview: likely questions, their stories, questions to ask.",
                parameters: Schema.object([
                    "role": role, "company": Schema.string("Company name."), "job_ref": Schema.jobReference,
                    "interview_type": Schema.string(
                        "Kind of interview.", oneOf: ["behavioral", "technical", "mixed", "system_design"]),
                ]),
                arrives: interviews),
            PlannedTool(
                name: "career_advice",
                description: "Advises on a career move: skill gaps, stepping stones, wage change and a learning plan.",
                parameters: Schema.object(["current_role": role, "target_role": role]),
                arrives: insight),
            PlannedTool(
                name: "market_insights",
                description: "Wage percentiles and demand for a role from BLS data and the local job index.",
                parameters: Schema.object(["role": role, "location": location]),
                arrives: insight),
            PlannedTool(
                name: "track_application",
                description: "Saves a job or records an application's status with notes.",
                parameters: Schema.object([
                    "job_ref": Schema.jobReference, "company": Schema.string("Company name."), "role": role,
                    "status": Schema.string(
                        "Application status.", oneOf: ["saved", "applied", "interviewing", "offer", "rejected", "withdrawn"]),
                    "note": Schema.string("A note to keep with the application."),
                ]),
                arrives: tracking),
            PlannedTool(
                name: "list_applications", description: "Lists tracked applications, optionally by status.",
                parameters: Schema.object([
                    "status": Schema.string(
                        "Only this status.", oneOf: ["saved", "applied", "interviewing", "offer", "rejected", "withdrawn"]),
                ]),
                arrives: tracking),
        ]
    }
}
