import PortalStore

/// Fixture loading shared by the suites.
enum PortalStoreImport {
    @discardableResult
    static func importRows(_ db: Database, kind: String, csv: String) throws -> Int {
        try InventoryCSV.importRows(db, InventorySpecs.spec(kind)!, bytes: Array(csv.utf8))
    }
}
