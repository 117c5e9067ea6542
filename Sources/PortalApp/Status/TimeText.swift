import Foundation
import PortalStore

/// An instant for a `<time>` element: the machine value (`2027-01-12T21:00:00Z`) and the text shown without
/// JavaScript (`2027-01-12 21:00 UTC`); `local-time.js` rewrites the text into the viewer's zone and keeps the UTC
/// text as the hover title.
struct TimeText {
    let iso: String
    let utc: String

    init(_ date: Date) {
        iso = StoreTime.format(date)
        utc = Format.minute(date)
    }
}
