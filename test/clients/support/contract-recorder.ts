import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Middleware } from 'openapi-fetch';
import { openApiAjv, toJsonSchema } from '../../support/openapi-schema';

interface MediaTypeObject {
  schema?: object;
}
interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, { required?: boolean }>;
}
interface OperationObject {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: object;
}

export interface CheckedResponse {
  /** `GET /leads/{id}`: the operation as the document names it. */
  operation: string;
  status: number;
  problems: string[];
}

const JSON_MEDIA = /^application\/(.+\+)?json$/;

/**
 * Checks every response an SDK client receives against the operation the document declares for it
 * (an openapi-fetch middleware, so the journey needs nothing but the SDK): the status is declared, the
 * Content-Type is one of its media types, required headers are present, and a JSON body validates with ajv.
 */
export class ContractRecorder {
  readonly checked: CheckedResponse[] = [];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = openApiAjv(document);
  }

  /** The document the server serves at /docs-json (the committed openapi/openapi.json is the same). */
  static async fromServer(baseUrl: string): Promise<ContractRecorder> {
    const response = await fetch(`${baseUrl}/docs-json`);
    const document: OpenApiDocument = JSON.parse(await response.text());
    return new ContractRecorder(document);
  }

  readonly middleware: Middleware = {
    onResponse: async ({ request, response, schemaPath }) => {
      const operation = `${request.method} ${schemaPath}`;
      this.checked.push({ operation, status: response.status, problems: await this.problems(request.method.toLowerCase(), schemaPath, response.clone()) });
      return undefined;
    },
  };

  operations(): string[] {
    return [...new Set(this.checked.map((entry) => entry.operation))];
  }

  violations(): CheckedResponse[] {
    return this.checked.filter((entry) => entry.problems.length > 0);
  }

  summary(): string {
    const dirty = this.violations();
    return [
      `${this.operations().length} operations, ${this.checked.length} responses: ${this.checked.length - dirty.length} clean, ${dirty.length} not`,
      ...dirty.map((entry) => `  ${entry.operation} ${entry.status}: ${entry.problems.join('; ')}`),
    ].join('\n');
  }

  private async problems(method: string, path: string, response: Response): Promise<string[]> {
    const operation = this.document.paths[path]?.[method];
    if (!operation) return ['operation not in the document'];
    const status = String(response.status);
    const declared = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
    const body = await response.text();
    if (!declared) return [`status ${status} not declared (declared: ${Object.keys(operation.responses).join(', ')})`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      if (header.required && !response.headers.has(name)) problems.push(`required header ${name} missing`);
    }
    const media = Object.keys(declared.content ?? {});
    if (media.length === 0) {
      if (body.length > 0) problems.push(`a body (${body.length} bytes) where the document declares none`);
      return problems;
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const match = media.find((type) => type === contentType || type === '*/*' || (type.endsWith('/*') && contentType.startsWith(type.slice(0, -1))));
    if (!match) return [...problems, `Content-Type ${contentType || '(none)'} not declared (declared: ${media.join(', ')})`];
    const schema = declared.content?.[match]?.schema;
    if (!JSON_MEDIA.test(match) || !schema) return problems;
    const validate = this.validator(`${method} ${path} ${status} ${match}`, schema);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [...problems, `declared ${match} but the body is not JSON`];
    }
    if (!validate(value)) problems.push(...(validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`));
    return problems;
  }

  private validator(key: string, schema: object): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      const jsonSchema = toJsonSchema(schema);
      validate = this.ajv.compile(typeof jsonSchema === 'object' && jsonSchema !== null ? jsonSchema : {});
      this.validators.set(key, validate);
    }
    return validate;
  }
}
