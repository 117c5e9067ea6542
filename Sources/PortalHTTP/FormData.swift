/// Submitted form fields (ordered, repeatable) and uploaded files.
public struct FormData: Sendable {
    public var fields: [(name: String, value: String)]
    public var files: [UploadedFile]

    public init(fields: [(name: String, value: String)] = [], files: [UploadedFile] = []) {
        self.fields = fields
        self.files = files
    }

    /// The first value of a field, or nil.
    public subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value of a repeated field (checkboxes, multi-selects).
    public func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    public func file(_ name: String) -> UploadedFile? { files.first { $0.fieldName == name } }
}

/// A file from a `multipart/form-data` upload.
public struct UploadedFile: Sendable, Equatable {
    public let fieldName: String
    public let filename: String
    public let contentType: String
    public let data: [UInt8]
}
