import PortalCore
import Testing

/// "Did you mean …": the ranking of known names against what someone typed (issue #20).
@Suite("Name suggestions")
struct NameSuggestionsTests {
    static let clusters = ["db-east", "db-west", "web-eu", "web-us", "cache-east", "payroll-db", "storage-ams"]

    @Test(arguments: [
        ("a typo swaps two letters", "db-eats", ["db-east"]),
        ("case is ignored", "DB-EAST", ["db-east"]),
        ("a prefix ranks before a near miss", "web", ["web-eu", "web-us"]),
        ("a substring is found", "east", ["db-east", "cache-east"]),
        ("one letter missing", "db-wst", ["db-west", "db-east"]),
        ("trigrams catch reordered words", "east-cache", ["cache-east"]),
        ("nothing close gives nothing", "zzzzzz", []),
        ("blank gives nothing", "   ", []),
    ])
    func ranking(name: String, typed: String, expected: [String]) {
        #expect(NameSuggestions.closest(to: typed, among: Self.clusters, limit: expected.isEmpty ? 5 : expected.count) == expected, "\(name)")
    }

    @Test func theSameNameComesFirstThenPrefixThenSubstringThenEditDistance() {
        let names = ["xpg-3x", "pg-3-replica", "pg-4", "pg-3", "other"]
        #expect(NameSuggestions.closest(to: "pg-3", among: names) == ["pg-3", "pg-3-replica", "xpg-3x", "pg-4"])
    }

    @Test func theLimitCutsTheListAndDuplicatesCountOnce() {
        #expect(NameSuggestions.closest(to: "web", among: ["web-1", "web-2", "web-3", "web-1"], limit: 2) == ["web-1", "web-2"])
        #expect(NameSuggestions.closest(to: "web", among: ["web-1"], limit: 0) == [])
    }

    @Test func peopleAreFoundByNameOrEMail() {
        let people = [NameSuggestions.Candidate(value: "ana@example.com", keys: ["Ana Souza", "ana@example.com"]),
                      NameSuggestions.Candidate(value: "bo@example.com", keys: ["Bo Lindqvist", "bo@example.com"]),
                      NameSuggestions.Candidate(value: "anabel@example.com", keys: ["Anabel Ruiz", "anabel@example.com"])]
        #expect(NameSuggestions.closest(to: "ana souza", among: people) == ["ana@example.com"])
        #expect(NameSuggestions.closest(to: "ana", among: people) == ["ana@example.com", "anabel@example.com"])
        #expect(NameSuggestions.closest(to: "lindqvist", among: people) == ["bo@example.com"])
        #expect(NameSuggestions.closest(to: "bo@exmaple.com", among: people).first == "bo@example.com")
    }

    @Test(arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("abc", "abc", 0), ("db-east", "db-eats", 2), ("flaw", "lawn", 2)])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(NameSuggestions.editDistance(a, b) == expected)
        #expect(NameSuggestions.editDistance(b, a) == expected)
    }

    @Test func trigramSimilarityIsOneForTheSameTextAndZeroForNothingShared() {
        #expect(NameSuggestions.similarity("db-east", "DB-EAST") == 1)
        #expect(NameSuggestions.similarity("abc", "xyz") == 0)
        #expect(NameSuggestions.similarity("db-east", "db-west") > NameSuggestions.similarity("db-east", "web-us"))
    }

    @Test func didYouMeanReadsAsASentence() {
        #expect(NameSuggestions.didYouMean([]) == "")
        #expect(NameSuggestions.didYouMean(["db-east"]) == "Did you mean db-east?")
        #expect(NameSuggestions.didYouMean(["db-east", "db-west", "web-eu"]) == "Did you mean db-east, db-west or web-eu?")
    }
}
