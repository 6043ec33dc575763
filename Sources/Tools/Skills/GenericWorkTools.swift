/// Software and equipment that O*NET lists for nearly every occupation. They say nothing about a job
/// (every office worker has Outlook and a desktop computer), so interview questions, generated postings and
/// recommendations leave them out when something specific is known.
package enum GenericWorkTools {
    package static let software: Set<String> = [
        "Microsoft Outlook", "Microsoft Word", "Microsoft Office software", "Microsoft Excel", "Microsoft PowerPoint",
        "Email software", "Web browser software", "Microsoft Teams", "Google Docs", "Microsoft Windows", "Internet browser software",
        "Word processing software", "Spreadsheet software", "Presentation software", "Zoom", "Slack", "Google Sheets", "Facebook",
    ]

    package static let equipment: Set<String> = [
        "Desktop computers", "Laptop computers", "Notebook computers", "Personal computers", "Tablet computers",
        "Personal digital assistants PDA", "Cell phones", "Mobile phones", "Smartphones", "Scanners", "Computer data input scanners",
        "Data input scanners", "Laser facsimile machines", "Facsimile machines", "Photocopiers", "Photocopying equipment",
        "Computer laser printers", "Laser printers", "Multi-line telephone systems", "10-key calculators", "Calculators",
        "Computer terminals", "Voice mail systems", "Desktop calculator",
    ]

    package static func isGeneric(_ name: String) -> Bool { software.contains(name) || equipment.contains(name) }
}
