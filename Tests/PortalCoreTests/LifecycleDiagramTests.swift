import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import PortalCore
@testable import PortalViews

/// Collects what the SVG contains, as an XML parser sees it.
private final class SVGOutline: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" || name == "title" || name == "desc" { texts.append(current) }
        current = ""
    }
}

@Suite struct LifecycleDiagramTests {
    private func outline() throws -> SVGOutline {
        let parser = XMLParser(data: Data(LifecycleDiagram.svg().utf8))
        let outline = SVGOutline()
        parser.delegate = outline
        // Foundation on Linux can return true and still record an error (e.g. an unclosed element), so check both.
        let parsed = parser.parse()
        #expect(parsed && parser.parserError == nil, "\(String(describing: parser.parserError))")
        return outline
    }

    @Test func isWellFormedAndAccessible() throws {
        let svg = try outline()
        let root = try #require(svg.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["aria-labelledby"] == "lifecycle-title lifecycle-desc")
        #expect(svg.elements.contains { $0.name == "title" && $0.attributes["id"] == "lifecycle-title" })
        #expect(svg.texts.contains("Downtime lifecycle"))
    }

    @Test func drawsEveryStateAndEveryEventOfTheTable() throws {
        let svg = try outline()
        let labels = svg.elements.filter { $0.name == "text" }.count
        #expect(labels > 0)
        for state in DowntimeState.allCases {
            #expect(svg.texts.contains(state.displayName), "missing box for \(state)")
        }
        // Each label is the events of one (from, to) pair; together they must name every transition.
        let drawnEvents = svg.texts.flatMap { $0.components(separatedBy: ", ") }
        for event in DowntimeEvent.allCases {
            #expect(drawnEvents.contains(event.rawValue), "missing label for \(event)")
        }
        let pairs = Set(DowntimeLifecycle.transitions.map { "\($0.from.rawValue)>\($0.to.rawValue)" })
        let arrows = svg.elements.filter { $0.attributes["marker-end"] == "url(#arrow)" }
        #expect(arrows.count == pairs.count + 1, "one arrow per (from, to) pair plus the initial arrow")
        let loops = DowntimeLifecycle.transitions.filter { $0.from == $0.to }.count
        #expect(drawnEvents.filter { $0 == "extend" }.count == loops)
        // Final states get a second, inner border.
        let boxes = svg.elements.filter { $0.name == "rect" && $0.attributes["rx"] != nil }.count
        #expect(boxes == DowntimeState.allCases.count + DowntimeState.allCases.filter(\.isFinal).count)
    }

    @Test func descriptionSpellsOutEveryTransition() throws {
        let svg = try outline()
        let desc = try #require(svg.texts.first { $0.hasPrefix("Draft:") })
        for t in DowntimeLifecycle.transitions {
            #expect(desc.contains("\(t.event.rawValue) leads to \(t.to.displayName)"))
        }
        #expect(desc.contains("Completed is final."))
    }

    @Test func selfContainedAndDeterministic() {
        let svg = LifecycleDiagram.svg()
        #expect(!svg.contains("href"))
        #expect(!svg.contains("<image"))
        #expect(!svg.contains("<script"))
        #expect(svg.components(separatedBy: "http").count == 2, "only the namespace URI")
        #expect(!svg.replacingOccurrences(of: "url(#arrow)", with: "").contains("url("))
        #expect(svg == LifecycleDiagram.svg())
    }

    @Test func boxesStayInsideTheCanvasAndApart() throws {
        let svg = try outline()
        let root = try #require(svg.elements.first)
        let width = try #require(Double(root.attributes["width"] ?? ""))
        let height = try #require(Double(root.attributes["height"] ?? ""))
        let boxes = svg.elements.filter { $0.name == "rect" && $0.attributes["stroke-width"] == "2" }.map { element in
            let value = { (key: String) in Double(element.attributes[key] ?? "") ?? -1 }
            return (x: value("x"), y: value("y"), w: value("width"), h: value("height"))
        }
        #expect(boxes.count == DowntimeState.allCases.count)
        for b in boxes { #expect(b.x >= 0 && b.y >= 0 && b.x + b.w <= width && b.y + b.h <= height) }
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] {
                let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y
                #expect(apart, "state boxes overlap")
            }
        }
    }
}
