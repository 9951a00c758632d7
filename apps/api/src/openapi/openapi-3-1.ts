type Json = Record<string, any>;

/**
 * @nestjs/swagger writes OpenAPI 3.0 `nullable: true` (with `allOf: [$ref]` for references), which
 * strict JSON Schema validators read as "never null". The document is OAS 3.1: a nullable value is
 * `type: [T, 'null']`, a nullable reference `anyOf: [{ $ref }, { type: 'null' }]`.
 */
export function toOpenApi31Schemas(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(toOpenApi31Schemas);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  for (const value of Object.values(schema)) toOpenApi31Schemas(value);
  if (schema.nullable !== true) {
    if (schema.nullable === false) delete schema.nullable;
    return;
  }
  delete schema.nullable;
  const reference = schema.$ref ? { $ref: schema.$ref } : schema.allOf?.length === 1 && schema.allOf[0].$ref ? schema.allOf[0] : undefined;
  if (reference) {
    delete schema.$ref;
    delete schema.allOf;
    // The plugin adds `type: object` beside the reference; it would refuse the null.
    delete schema.type;
    schema.anyOf = [reference, { type: 'null' }];
  } else if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  } else if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type.push('null');
  } else {
    const { description, ...rest } = schema;
    for (const key of Object.keys(rest)) delete schema[key];
    schema.anyOf = [rest, { type: 'null' }];
    if (description) schema.description = description;
  }
}
