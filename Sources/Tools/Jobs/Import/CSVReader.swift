import Foundation

/// RFC 4180 CSV: quoted fields with doubled quotes, commas and newlines inside quotes, CRLF or LF.
/// Yields each record with the line it started on, so errors can name it.
struct CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    enum ReadError: Error, CustomStringConvertible {
        case unterminatedQuote(line: Int)
        var description: String {
            switch self {
            case .unterminatedQuote(let line): return "a quoted field opened on line \(line) never closes"
            }
        }
    }

    static func records(_ text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        func finishRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
        }
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\r" where pending == "\n":
                break
            case "\n", "\r":
                finishRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw ReadError.unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { finishRecord() }
        return records
    }
}
