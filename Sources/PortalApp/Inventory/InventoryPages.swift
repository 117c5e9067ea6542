import PortalCore
import PortalHTTP
import PortalStore

/// View models of the inventory pages. Everything a template shows is prepared here.
struct ListPage {
    struct Filter {
        let name: String
        let label: String
        let value: String
        let isSelect: Bool
        let options: [Option]
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Column {
        let label: String
        let href: String
        let sorted: String
    }

    struct Cell {
        let text: String
        let href: String
    }

    struct RowModel {
        let cells: [Cell]
    }

    let site: SiteChrome
    let title: String
    let kind: String
    let singular: String
    let search: String
    let filters: [Filter]
    let columns: [Column]
    let rows: [RowModel]
    let hasRows: Bool
    let summary: String
    let previousHref: String
    let nextHref: String
    let canCreate: Bool
}

struct DetailPage {
    struct FieldRow {
        let label: String
        let value: String
        let href: String
    }

    let site: SiteChrome
    let title: String
    let kind: String
    let singular: String
    let id: Int64
    let fields: [FieldRow]
    var relations: [RelationSection]
    let blockers: [String]
    let hasBlockers: Bool
    let canEdit: Bool
    let whoHref: String
    /// The kind word for a subscription (`service`), empty for kinds nobody subscribes to.
    var subscribeKind: String = ""
    /// For people and teams: their notices in the outbox.
    var outboxHref: String = ""
    /// For objects a downtime or incident can reach: what is happening to it (#20).
    var activity: ObjectActivity? = nil
    /// For services and processes: the live level and the 30-day chart.
    var serviceLevel: ServiceLevelPanel? = nil
}

struct FormPage {
    struct Field {
        let name: String
        let label: String
        let value: String
        let error: String
        let help: String
        let required: Bool
        let isTextarea: Bool
        let isSelect: Bool
        let isInput: Bool
        let inputType: String
        let options: [ListPage.Option]
        let datalistID: String
        let datalist: [String]
    }

    let site: SiteChrome
    let title: String
    let action: String
    let cancelHref: String
    let submitLabel: String
    let fields: [Field]
    let errorSummary: [String]
    let hasErrors: Bool
    let formError: String
}
