// Encoded as its text form ("2027-01-12T22:00:00") so JSON reads like the form field, and decoded through the
// parser so an impossible date such as 31 April cannot enter through the API.
extension LocalDateTime: Codable {
    /// Decodes `2027-01-12T22:00:00` (or any form the parser accepts), refusing impossible dates.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try LocalDateTimeParser.parse(text)
        } catch let error as ScheduleError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the canonical text form, `2027-01-12T22:00:00`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
