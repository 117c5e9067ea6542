/// Short zone names shown next to times: a curated abbreviation when one is widely understood, else "UTC+hh:mm".
///
/// Foundation's `abbreviation(for:)` on Linux answers "GMT+1" for Paris and its localized names change with the
/// locale and the ICU release, so labels come from this fixed table instead. An abbreviation is used only when
/// the zone's actual offset at that instant matches it, so historical offsets fall back to the numeric form.
enum ZoneLabel {
    /// The label for `zoneID` while its offset from UTC is `offsetSeconds`.
    static func label(zoneID: String, offsetSeconds: Int) -> String {
        if let name = abbreviations[zoneID]?[offsetSeconds] { return name }
        return offsetText(offsetSeconds)
    }

    /// `UTC+01:00`, `UTC-05:00`, `UTC+05:45`; seconds appear only for historical local-mean-time offsets.
    static func offsetText(_ offsetSeconds: Int) -> String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = abs(offsetSeconds)
        let hours = magnitude / 3_600
        let minutes = (magnitude % 3_600) / 60
        let seconds = magnitude % 60
        var text = "UTC\(sign)\(LocalDateTime.pad(hours)):\(LocalDateTime.pad(minutes))"
        if seconds != 0 { text += ":\(LocalDateTime.pad(seconds))" }
        return text
    }

    // Abbreviations follow the IANA tz database where it still uses letters. Zones where tzdata prints
    // numbers (Australia/Lord_Howe "+1030", most of South America) or where the letters would mislead
    // (Asia/Shanghai "CST" reads as US Central) are left out on purpose and get "UTC+hh:mm".
    private static let groups: [(zones: [String], names: [Int: String])] = [
        (["UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"], [0: "UTC"]),
        (["GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "Etc/Greenwich", "Greenwich",
          "Africa/Abidjan", "Africa/Accra", "Africa/Dakar", "Atlantic/Reykjavik", "Iceland"], [0: "GMT"]),
        (["Europe/London", "Europe/Jersey", "Europe/Guernsey", "Europe/Isle_of_Man", "GB"], [0: "GMT", 3_600: "BST"]),
        (["Europe/Dublin", "Eire"], [0: "GMT", 3_600: "IST"]),
        (["Europe/Lisbon", "Portugal", "Atlantic/Madeira", "Atlantic/Canary", "Atlantic/Faroe", "WET"],
         [0: "WET", 3_600: "WEST"]),
        (["Europe/Paris", "Europe/Berlin", "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade",
          "Europe/Bratislava", "Europe/Brussels", "Europe/Budapest", "Europe/Busingen", "Europe/Copenhagen",
          "Europe/Gibraltar", "Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta",
          "Europe/Monaco", "Europe/Oslo", "Europe/Podgorica", "Europe/Prague", "Europe/Rome",
          "Europe/San_Marino", "Europe/Sarajevo", "Europe/Skopje", "Europe/Stockholm", "Europe/Tirane",
          "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna", "Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich",
          "Africa/Ceuta", "Arctic/Longyearbyen", "Poland", "CET"], [3_600: "CET", 7_200: "CEST"]),
        (["Europe/Athens", "Europe/Bucharest", "Europe/Chisinau", "Europe/Helsinki", "Europe/Kyiv",
          "Europe/Kiev", "Europe/Mariehamn", "Europe/Riga", "Europe/Sofia", "Europe/Tallinn", "Europe/Vilnius",
          "Europe/Nicosia", "Asia/Nicosia", "Asia/Famagusta", "Asia/Beirut", "Africa/Cairo", "Egypt", "EET"],
         [7_200: "EET", 10_800: "EEST"]),
        (["Europe/Moscow", "Europe/Simferopol", "W-SU"], [10_800: "MSK"]),
        (["Africa/Lagos", "Africa/Kinshasa", "Africa/Luanda", "Africa/Douala", "Africa/Algiers", "Africa/Tunis"],
         [3_600: "WAT"]),
        (["Africa/Johannesburg", "Africa/Maseru", "Africa/Mbabane"], [7_200: "SAST"]),
        (["Africa/Nairobi", "Africa/Addis_Ababa", "Africa/Dar_es_Salaam", "Africa/Kampala"], [10_800: "EAT"]),
        (["Asia/Jerusalem", "Asia/Tel_Aviv", "Israel"], [7_200: "IST", 10_800: "IDT"]),
        (["Asia/Karachi"], [18_000: "PKT"]),
        (["Asia/Kolkata", "Asia/Calcutta"], [19_800: "IST"]),
        (["Asia/Jakarta", "Asia/Pontianak"], [25_200: "WIB"]),
        (["Asia/Hong_Kong", "Hongkong"], [28_800: "HKT"]),
        (["Asia/Tokyo", "Japan"], [32_400: "JST"]),
        (["Asia/Seoul", "ROK"], [32_400: "KST"]),
        (["Australia/Perth", "Australia/West"], [28_800: "AWST"]),
        (["Australia/Darwin", "Australia/North"], [34_200: "ACST"]),
        (["Australia/Adelaide", "Australia/Broken_Hill", "Australia/South", "Australia/Yancowinna"],
         [34_200: "ACST", 37_800: "ACDT"]),
        (["Australia/Brisbane", "Australia/Lindeman", "Australia/Queensland"], [36_000: "AEST"]),
        (["Australia/Sydney", "Australia/Melbourne", "Australia/Hobart", "Australia/Canberra", "Australia/ACT",
          "Australia/NSW", "Australia/Victoria", "Australia/Tasmania", "Australia/Currie"],
         [36_000: "AEST", 39_600: "AEDT"]),
        (["Pacific/Auckland", "Antarctica/McMurdo", "NZ"], [43_200: "NZST", 46_800: "NZDT"]),
        (["America/St_Johns", "Canada/Newfoundland"], [-12_600: "NST", -9_000: "NDT"]),
        (["America/Halifax", "America/Glace_Bay", "America/Goose_Bay", "America/Moncton", "America/Puerto_Rico",
          "America/Santo_Domingo", "America/Barbados", "America/Martinique", "Atlantic/Bermuda",
          "Canada/Atlantic"], [-14_400: "AST", -10_800: "ADT"]),
        (["America/New_York", "America/Detroit", "America/Toronto", "America/Montreal", "America/Nassau",
          "America/Indiana/Indianapolis", "America/Indianapolis", "America/Kentucky/Louisville",
          "America/Louisville", "America/Panama", "America/Jamaica", "America/Cancun", "US/Eastern",
          "US/Michigan", "Canada/Eastern", "EST5EDT", "EST"], [-18_000: "EST", -14_400: "EDT"]),
        (["America/Chicago", "America/Winnipeg", "America/Indiana/Knox", "America/Menominee",
          "America/North_Dakota/Center", "America/Matamoros", "America/Regina", "America/Mexico_City",
          "America/Costa_Rica", "America/Guatemala", "America/El_Salvador", "America/Tegucigalpa",
          "America/Belize", "America/Managua", "US/Central", "Canada/Central", "Canada/Saskatchewan",
          "CST6CDT"], [-21_600: "CST", -18_000: "CDT"]),
        (["America/Denver", "America/Boise", "America/Edmonton", "America/Phoenix", "US/Mountain", "US/Arizona",
          "Canada/Mountain", "MST7MDT", "MST"], [-25_200: "MST", -21_600: "MDT"]),
        (["America/Los_Angeles", "America/Vancouver", "America/Tijuana", "US/Pacific", "Canada/Pacific",
          "PST8PDT"], [-28_800: "PST", -25_200: "PDT"]),
        (["America/Anchorage", "America/Juneau", "America/Sitka", "America/Nome", "America/Yakutat",
          "US/Alaska"], [-32_400: "AKST", -28_800: "AKDT"]),
        (["Pacific/Honolulu", "US/Hawaii", "HST"], [-36_000: "HST"]),
    ]

    private static let abbreviations: [String: [Int: String]] = {
        var table: [String: [Int: String]] = [:]
        for group in groups {
            for zone in group.zones { table[zone] = group.names }
        }
        return table
    }()
}
