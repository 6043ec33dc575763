import Foundation

/// permessage-deflate negotiation, server side (RFC 7692 §7.1): pick the first acceptable offer from
/// `Sec-WebSocket-Extensions`, answer it, and never fail the handshake over it: an offer we cannot honour is
/// declined and the connection goes on uncompressed.
package enum PerMessageDeflate {
    /// What the server is willing to do; the echo endpoint and the chat endpoint differ.
    package struct Policy: Sendable, Equatable {
        /// Keep each direction's history across messages when the client allows it. Off: the response demands
        /// `server_no_context_takeover` and `client_no_context_takeover`, so no zlib memory is held between
        /// messages (an idle connection costs nothing for compression) and each message may be sent compressed
        /// or not, whichever is smaller.
        package var contextTakeover: Bool
        /// The largest window this server compresses with (9...15); the client's `server_max_window_bits` can lower it.
        package var maxWindowBits: Int
        /// zlib's memory level for compression (1...9).
        package var memoryLevel: Int
        /// Without context takeover, messages shorter than this are sent uncompressed.
        package var minimumSize: Int

        package init(contextTakeover: Bool, maxWindowBits: Int = 15, memoryLevel: Int = 8, minimumSize: Int = 0) {
            self.contextTakeover = contextTakeover
            self.maxWindowBits = min(15, max(9, maxWindowBits))
            self.memoryLevel = min(9, max(1, memoryLevel))
            self.minimumSize = minimumSize
        }

        /// The conformance endpoint: whatever the client asks for, zlib's defaults.
        package static let echo = Policy(contextTakeover: true)
        /// The chat endpoint: many idle connections and short JSON events; no memory held between messages, a
        /// 4 KiB window (a reply is rarely longer), and events under 128 bytes (streamed deltas) left alone.
        package static let chat = Policy(contextTakeover: false, maxWindowBits: 12, memoryLevel: 5, minimumSize: 128)
    }

    /// The parameters both sides agreed on.
    package struct Agreement: Sendable, Equatable {
        package var serverNoContextTakeover = false
        package var clientNoContextTakeover = false
        /// The window the server may use; 8 is legal on the wire but zlib cannot produce it (see `deflaterSettings`).
        package var serverMaxWindowBits = 15
        /// The window we asked the client to stay within, when it let us (nil: it may use up to 15).
        package var clientMaxWindowBits: Int?
        /// Without context takeover: messages shorter than this go uncompressed (a per-message choice is safe then).
        package var minimumSize = 0
        package var memoryLevel = 8

        /// The `Sec-WebSocket-Extensions` response value.
        package var responseHeader: String {
            var parts = ["permessage-deflate"]
            if serverNoContextTakeover { parts.append("server_no_context_takeover") }
            if clientNoContextTakeover { parts.append("client_no_context_takeover") }
            if serverMaxWindowBits < 15 { parts.append("server_max_window_bits=\(serverMaxWindowBits)") }
            if let clientMaxWindowBits { parts.append("client_max_window_bits=\(clientMaxWindowBits)") }
            return parts.joined(separator: "; ")
        }

        /// zlib's raw deflate refuses an 8-bit window, so an agreed 8 compresses with a 9-bit window and the RLE
        /// strategy, whose matches are all at distance 1: within any window the client keeps.
        var deflaterSettings: (windowBits: Int, strategy: RawStrategy) {
            serverMaxWindowBits >= 9 ? (serverMaxWindowBits, .standard) : (9, .runLength)
        }
    }

    enum RawStrategy {
        case standard, runLength
    }

    /// The agreement for the first acceptable offer in the header, or nil (no offer, or none acceptable).
    package static func negotiate(offers header: String?, policy: Policy) -> Agreement? {
        guard let header else { return nil }
        for offer in parse(header) where offer.name == "permessage-deflate" {
            if let agreement = agree(to: offer.parameters, policy: policy) { return agreement }
        }
        return nil
    }

    struct Offer: Equatable {
        var name: String
        var parameters: [(name: String, value: String?)]

        static func == (lhs: Offer, rhs: Offer) -> Bool {
            lhs.name == rhs.name && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
                && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
        }
    }

    /// `name; key; key=value, name2 ...` (RFC 6455 §9.1); values may be quoted strings.
    static func parse(_ header: String) -> [Offer] {
        header.split(separator: ",").compactMap { element in
            let pieces = element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = pieces.first, !name.isEmpty else { return nil }
            let parameters = pieces.dropFirst().filter { !$0.isEmpty }.map { piece -> (name: String, value: String?) in
                guard let equals = piece.firstIndex(of: "=") else { return (piece.lowercased(), nil) }
                var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                return (piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased(), value)
            }
            return Offer(name: name.lowercased(), parameters: parameters)
        }
    }

    /// §7.1: an unknown or repeated parameter, or an invalid value, declines the whole offer.
    static func agree(to parameters: [(name: String, value: String?)], policy: Policy) -> Agreement? {
        var seen = Set<String>()
        var agreement = Agreement(minimumSize: policy.minimumSize, memoryLevel: policy.memoryLevel)
        agreement.serverMaxWindowBits = policy.maxWindowBits
        var clientWindowOffered = false
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { return nil }
            switch name {
            case "server_no_context_takeover":
                guard value == nil else { return nil }
                agreement.serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard value == nil else { return nil }
                agreement.clientNoContextTakeover = true
            case "server_max_window_bits":
                guard let bits = windowBits(value) else { return nil }
                agreement.serverMaxWindowBits = min(bits, policy.maxWindowBits)
            case "client_max_window_bits":
                // No value: the client merely supports the parameter; it stays at 15 unless we ask for less.
                if value != nil { guard windowBits(value) != nil else { return nil } }
                clientWindowOffered = true
            default:
                return nil
            }
        }
        if !policy.contextTakeover {
            agreement.serverNoContextTakeover = true
            agreement.clientNoContextTakeover = true
        }
        // Without context takeover a client window smaller than 15 saves the client memory and costs us nothing;
        // we only ask when the client said it can honour the request.
        if clientWindowOffered, !policy.contextTakeover {
            let offered = parameters.first { $0.name == "client_max_window_bits" }?.value.flatMap(windowBits) ?? 15
            agreement.clientMaxWindowBits = min(offered, max(9, policy.maxWindowBits))
        }
        return agreement
    }

    /// A window size: a plain decimal 8...15 (§7.1.2.1).
    private static func windowBits(_ value: String?) -> Int? {
        guard let value, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber), value.count <= 2, let bits = Int(value),
            (8...15).contains(bits), !value.hasPrefix("0")
        else { return nil }
        return bits
    }
}
