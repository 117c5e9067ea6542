import PortalCore

/// Every level table keys its subject by the same four columns: `service_id, process_id, region_id, overall`.
extension ServiceLevelSubject {
    /// The four column values, in that order.
    var columnValues: [SQLBindable] {
        switch self {
        case .service(let id): [id, Int64?.none, Int64?.none, 0]
        case .process(let id): [Int64?.none, id, Int64?.none, 0]
        case .region(let id): [Int64?.none, Int64?.none, id, 0]
        case .overall: [Int64?.none, Int64?.none, Int64?.none, 1]
        }
    }

    /// The subject read from the four columns starting at `index`.
    static func read(_ s: Statement, at index: Int) -> ServiceLevelSubject {
        if let id = s.optionalInt64(at: index) { return .service(id) }
        if let id = s.optionalInt64(at: index + 1) { return .process(id) }
        if let id = s.optionalInt64(at: index + 2) { return .region(id) }
        return .overall
    }
}
