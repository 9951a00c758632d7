type Json = Record<string, any>;

/**
 * The request body Swagger UI pre-fills for an operation ("Try it out"): the media type's example,
 * else one built from the schema the way swagger-ui's sample generator does — `example`, `default`,
 * the first enum value, a format's sample, every property (optional ones too), one array item.
 */
export function exampleBody(document: Json, operation: Json): unknown {
  const media = operation.requestBody?.content?.['application/json'];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  return sample(document, media.schema, 0);
}

const FORMAT_SAMPLES: Record<string, unknown> = {
  'date-time': new Date().toISOString(),
  date: new Date().toISOString().slice(0, 10),
  email: 'user@example.com',
  uri: 'https://example.com/path',
  url: 'https://example.com/path',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  hostname: 'example.com',
  ipv4: '198.51.100.42',
};

function sample(document: Json, schema: Json | undefined, depth: number): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.$ref) return sample(document, resolve(document, schema.$ref), depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum.find((value: unknown) => value !== null) ?? schema.enum[0];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    if (!Array.isArray(schema[key])) continue;
    const options = schema[key].filter((option: Json) => option.type !== 'null');
    if (key === 'allOf') return Object.assign({}, ...options.map((option: Json) => sample(document, option, depth + 1)));
    return sample(document, options[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries<Json>(schema.properties ?? {}).map(([name, property]) => [name, sample(document, property, depth + 1)]));
  }
  if (type === 'array') return [sample(document, schema.items, depth + 1)];
  if (type === 'string') return FORMAT_SAMPLES[schema.format] ?? 'string';
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 0;
  if (type === 'boolean') return true;
  return undefined;
}

function resolve(document: Json, ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}
