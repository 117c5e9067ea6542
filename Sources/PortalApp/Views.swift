import PortalHTTP

/// Renders the page templates, which the CompileTemplates plugin compiled into Swift at build time
/// (Resources/Templates → `CompiledTemplates`): no reflection, one byte buffer, escaped by default.
public struct Views: Sendable {
    /// The fingerprinted static addresses every template can link as `{{assets.name}}` (see `AssetLinks`).
    let links: Assets

    public init(assets: [String: String] = [:]) {
        links = Assets(assets)
    }

    /// Renders a compiled template (one whose view model is named in its `{{! model: }}` comment) into bytes.
    func bytes<Model: CompiledView>(_ name: String, _ model: Model) throws -> [UInt8] {
        var writer = HTMLWriter()
        guard model.render(template: name, assets: links, into: &writer) else {
            throw ViewError(message: "template \(name) is not compiled for \(Model.self)")
        }
        return writer.bytes
    }

    func render<Model: CompiledView>(_ name: String, _ model: Model) throws -> String {
        String(decoding: try bytes(name, model), as: UTF8.self)
    }

    /// A full page from a compiled template.
    func page<Model: CompiledView>(_ name: String, _ model: Model, status: Int = 200) throws -> Response {
        Response(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: try bytes(name, model))
    }
}

/// A template that is not compiled for the model it was given: a programming error, shown to users as a generic 500.
public struct ViewError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
