import Foundation
import PackagePlugin

/// Compiles Resources/Templates/**/*.mustache into Swift render functions of the target (see Plugins/TemplateCompiler).
@main
struct CompileTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Resources/Templates")
        var inputs: [URL] = []
        if let enumerator = FileManager.default.enumerator(atPath: folder.path) {
            while let relative = enumerator.nextObject() as? String {
                if relative.hasSuffix(".mustache") { inputs.append(folder.appendingPathComponent(relative)) }
            }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("CompiledTemplates.swift")
        return [.buildCommand(displayName: "Compiling \(inputs.count) templates",
                              executable: try context.tool(named: "TemplateCompiler").url,
                              arguments: [folder.path, output.path],
                              inputFiles: inputs.sorted { $0.path < $1.path }, outputFiles: [output])]
    }
}
