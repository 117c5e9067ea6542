/// The later parts of a dotted template name (`errors.title`, `params.from`), resolved by type when the compiled
/// template compiles: a key of a `[String: String]` (missing keys are empty text, as in mustache), a member of a
/// struct, or a member of an optional struct (nil when it is absent).
enum Lookup {
    static func member(_ map: [String: String], _ key: String, _ member: (AnyKey) -> AnyKey) -> String {
        map[key] ?? ""
    }

    static func member<Base, Value>(_ base: Base, _ key: String, _ member: (Base) -> Value) -> Value {
        member(base)
    }

    static func member<Base, Value>(_ base: Base?, _ key: String, _ member: (Base) -> Value) -> Value? {
        base.map(member)
    }
}

/// Stands for a dictionary key in `Lookup.member`'s closure, so `{ $0.title }` compiles for a dictionary as well.
@dynamicMemberLookup
struct AnyKey {
    subscript(dynamicMember name: String) -> AnyKey { self }
}
