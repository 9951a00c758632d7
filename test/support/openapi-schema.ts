import Ajv from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

/** An OpenAPI 3.0 schema as JSON Schema: `nullable: true` read as "or null" (as schemathesis does), refs into `openapi`. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref') out.$ref = String(value).replace('#/components/', 'openapi#/components/');
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]));
    else out[key] = toJsonSchema(value);
  }
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** An Ajv instance that knows every component schema of a /docs-json document as `openapi#/components/...`. */
export function openApiAjv(docs: Json): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema({ $id: 'openapi', components: toJsonSchema(docs.components) as Json });
  return ajv;
}

/** Validates a value against a named component schema of /docs-json; returns the errors (none = valid). */
export function componentValidator(docs: Json): (name: string, value: unknown) => unknown[] {
  const ajv = openApiAjv(docs);
  return (name, value) => {
    const validate = ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
    return validate(JSON.parse(JSON.stringify(value))) ? [] : (validate.errors ?? []);
  };
}
