import Foundation
import PackagePlugin

/// Compiles Resources/Templates/**/*.mustache into Swift render functions of the target (see Plugins/TemplateCompiler):
/// one generated file per template (named as `SwiftGenerator.fileName` names it) plus CompiledTemplates.swift, so the
/// compiler works on them in parallel and an edited template recompiles only its own file.
@main
struct CompileTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Resources/Templates")
        var names: [String] = []
        if let enumerator = FileManager.default.enumerator(atPath: folder.path) {
            while let relative = enumerator.nextObject() as? String {
                if relative.hasSuffix(".mustache") { names.append(String(relative.dropLast(".mustache".count))) }
            }
        }
        names.sort()
        let outputFolder = context.pluginWorkDirectoryURL.appendingPathComponent("Templates")
        // Same rule as SwiftGenerator.fileName (the plugin cannot import the tool's code).
        let outputs = [outputFolder.appendingPathComponent("CompiledTemplates.swift")]
            + names.map { outputFolder.appendingPathComponent("Template_" + String($0.map { $0.isLetter || $0.isNumber ? $0 : "_" }) + ".swift") }
        return [.buildCommand(displayName: "Compiling \(names.count) templates",
                              executable: try context.tool(named: "TemplateCompiler").url,
                              arguments: [folder.path, outputFolder.path],
                              inputFiles: names.map { folder.appendingPathComponent($0 + ".mustache") }, outputFiles: outputs)]
    }
}
