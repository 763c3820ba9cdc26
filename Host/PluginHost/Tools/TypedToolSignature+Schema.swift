import Foundation

extension TypedToolSignature {
    /// The JSON Schema of the tool's arguments: an object with one property per parameter, all of
    /// them required, nothing else allowed. Keys are sorted, so equal signatures give equal text:
    ///
    /// ```json
    /// {"additionalProperties":false,"properties":{"customer_id":{"description":"…","type":"string"}},"required":["customer_id"],"type":"object"}
    /// ```
    ///
    /// `required` lists the parameters in declaration order; an empty description is left out.
    public var jsonSchema: String {
        let schema = ObjectSchema(
            properties: Dictionary(
                uniqueKeysWithValues: parameters.map { parameter in
                    (
                        parameter.name,
                        PropertySchema(
                            type: parameter.type.jsonSchemaType,
                            description: parameter.description.isEmpty ? nil : parameter.description
                        )
                    )
                }
            ),
            required: parameters.map(\.name)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(schema) else {
            preconditionFailure("encoding strings and booleans cannot fail")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

private struct ObjectSchema: Encodable {
    let type = "object"
    let properties: [String: PropertySchema]
    let required: [String]
    let additionalProperties = false
}

private struct PropertySchema: Encodable {
    let type: String
    let description: String?
}
