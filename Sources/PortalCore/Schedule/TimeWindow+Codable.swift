import Foundation

// Encoded with UTCTimestamp strings whatever the encoder's date strategy, so JSON, the API and the database
// all carry the one storage convention.
extension TimeWindow: Codable {
    private enum CodingKeys: String, CodingKey {
        case start, end, timeZone
    }

    /// Decodes and re-validates a window; the length limit is a declaration-time policy and is not re-applied.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func instant(_ key: CodingKeys) throws -> Date {
            let text = try container.decode(String.self, forKey: key)
            do { return try UTCTimestamp.date(from: text) } catch let error as ScheduleError {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.message)
            }
        }
        let start = try instant(.start)
        let end = try instant(.end)
        let zoneID = try container.decode(String.self, forKey: .timeZone)
        do {
            try self.init(start: start, end: end, timeZone: zoneID, maximumDuration: nil)
        } catch let error as ScheduleError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes `start` and `end` as `2027-01-12T21:00:00Z` strings next to the zone identifier.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(UTCTimestamp.string(from: start), forKey: .start)
        try container.encode(UTCTimestamp.string(from: end), forKey: .end)
        try container.encode(timeZone, forKey: .timeZone)
    }
}
