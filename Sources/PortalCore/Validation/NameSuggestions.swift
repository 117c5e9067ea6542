import Foundation

/// "Did you mean …": ranks known names by how close they are to what someone typed.
///
/// Case is ignored. Tiers, best first: the same name, a name starting with the text, a name containing it, then names
/// within a small edit distance (Levenshtein, at most a third of the text's length and at least 2) or sharing enough
/// trigrams (Jaccard similarity of padded trigrams ≥ 0.25). Inside a tier: smaller edit distance, higher trigram
/// similarity, then the name in alphabetical order. Names in no tier are not suggested.
public enum NameSuggestions {
    /// A suggestion and the texts it can be found by (a person by name and by e-mail).
    public struct Candidate: Sendable, Equatable {
        public var value: String
        public var keys: [String]

        /// A candidate found by its own value only.
        public init(_ value: String) {
            self.value = value
            keys = [value]
        }

        /// A candidate found by any of `keys`.
        public init(value: String, keys: [String]) {
            self.value = value
            self.keys = keys
        }
    }

    /// Texts longer than this are cut before comparing (names are at most 200 characters, e-mails 254).
    static let maximumLength = 256

    /// The closest names to `text`, best first, at most `limit`.
    public static func closest(to text: String, among names: [String], limit: Int = 5) -> [String] {
        closest(to: text, among: names.map(Candidate.init), limit: limit)
    }

    /// The closest candidates' values to `text`, best first, at most `limit`; each candidate counts by its best key.
    public static func closest(to text: String, among candidates: [Candidate], limit: Int = 5) -> [String] {
        let query = normalized(text)
        guard !query.isEmpty, limit > 0 else { return [] }
        let queryTrigrams = trigrams(query)
        var scored: [(score: Score, value: String)] = []
        var seen = Set<String>()
        for candidate in candidates where !seen.contains(candidate.value) {
            let best = candidate.keys.compactMap { score(query, queryTrigrams: queryTrigrams, key: normalized($0)) }.min()
            if let best {
                scored.append((best, candidate.value))
                seen.insert(candidate.value)
            }
        }
        scored.sort { ($0.score, $0.value) < ($1.score, $1.value) }
        return scored.prefix(limit).map(\.value)
    }

    /// How well one key matches; smaller is better, nil when it is too far to suggest.
    struct Score: Comparable {
        var tier: Int
        var distance: Int
        /// Negative trigram similarity, so that smaller is better.
        var dissimilarity: Double

        static func < (a: Score, b: Score) -> Bool {
            (a.tier, a.distance, a.dissimilarity) < (b.tier, b.distance, b.dissimilarity)
        }
    }

    static func score(_ query: String, queryTrigrams: Set<String>, key: String) -> Score? {
        guard !key.isEmpty else { return nil }
        let distance = editDistance(query, key)
        let similarity = jaccard(queryTrigrams, trigrams(key))
        let tier: Int
        if key == query { tier = 0 }
        else if key.hasPrefix(query) { tier = 1 }
        else if key.contains(query) { tier = 2 }
        else if distance <= max(2, query.count / 3) || similarity >= 0.25 { tier = 3 }
        else { return nil }
        return Score(tier: tier, distance: distance, dissimilarity: -similarity)
    }

    static func normalized(_ text: String) -> String {
        String(text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(maximumLength))
    }

    /// Levenshtein distance between two texts, by characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The trigrams of a text padded with two spaces in front and one behind (so short names still have some).
    public static func trigrams(_ text: String) -> Set<String> {
        let padded = Array("  " + text + " ")
        guard padded.count >= 3 else { return [] }
        return Set((0...(padded.count - 3)).map { String(padded[$0..<($0 + 3)]) })
    }

    /// Trigram similarity (Jaccard) of two texts, 0 to 1.
    public static func similarity(_ a: String, _ b: String) -> Double {
        jaccard(trigrams(normalized(a)), trigrams(normalized(b)))
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// "Did you mean db-east or db-west?" for a list of suggestions, or "" when there are none.
    public static func didYouMean(_ suggestions: [String]) -> String {
        switch suggestions.count {
        case 0: ""
        case 1: "Did you mean \(suggestions[0])?"
        default: "Did you mean \(suggestions.dropLast().joined(separator: ", ")) or \(suggestions.last!)?"
        }
    }
}
