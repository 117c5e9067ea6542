/// Someone who can be told about a downtime.
public struct Person: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var email: String
    /// Optional; digits, spaces and + - ( ).
    public var phone: String?
    /// IANA identifier used to show windows in the person's local time.
    public var timeZone: String
    /// Optional XMPP address (bare JID, lower case), where service JIDs send messages and whom they accept.
    public var jid: String?

    /// Creates a person.
    public init(id: Int64, name: String, email: String, phone: String? = nil, timeZone: String = "UTC", jid: String? = nil) {
        self.jid = jid
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
        self.timeZone = timeZone
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.name(name) + Validation.email(email) + Validation.phone(phone) + Validation.timeZone(timeZone)
    }
}
