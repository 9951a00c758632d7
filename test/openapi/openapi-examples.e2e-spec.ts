import type { Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { NestContainer } from '@nestjs/core';
import { createValidationPipe } from '@app/common';
import { operationIdFor } from '../../apps/api/src/openapi/operation-ids';
import { CreateMessageDto } from '../../libs/messaging/src/messages/dto/create-message.dto';
import { TestApp } from '../support/test-app';
import { exampleBody } from './example-body';

type Json = Record<string, any>;

/** Routes that read their body themselves (JSON or multipart) and validate it as this class. */
const SELF_PARSED_BODIES: Record<string, Function> = { postProjectMessage: CreateMessageDto, postGeneralMessage: CreateMessageDto };

/** operationId → the class its @Body() is validated as, read from the handlers as Nest does. */
function bodyClasses(t: TestApp): Map<string, Function> {
  const classes = new Map<string, Function>();
  const { container } = t.app as unknown as { container: NestContainer };
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const args: Json = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {};
        const body = Object.entries(args).find(([name]) => name.startsWith(`${RouteParamtypes.BODY}:`));
        if (!body) continue;
        const types: Function[] = Reflect.getMetadata('design:paramtypes', controller.prototype, key) ?? [];
        classes.set(operationIdFor(controller.name, key), types[(body[1] as { index: number }).index]);
      }
    }
  }
  return classes;
}

/** What Swagger UI pre-fills must pass the server's own validation: "Try it out" works without editing. */
describe('OpenAPI examples', () => {
  let t: TestApp;
  let docs: Json;

  beforeAll(async () => {
    t = await TestApp.start();
    docs = (await t.get('/docs-json')).body;
  });
  afterAll(async () => t?.stop());

  it('every JSON request body example passes the validation pipe of its route', async () => {
    const classes = bodyClasses(t);
    const pipe = createValidationPipe();
    const refused: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries<Json>(docs.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        const example = exampleBody(docs, operation);
        if (example === undefined) continue;
        const metatype = classes.get(operation.operationId) ?? SELF_PARSED_BODIES[operation.operationId];
        if (!metatype) throw new Error(`${method.toUpperCase()} ${path}: no @Body() class found for ${operation.operationId}`);
        checked++;
        try {
          await pipe.transform(JSON.parse(JSON.stringify(example)), { type: 'body', metatype: metatype as Type<unknown> });
        } catch (error) {
          const details = (error as { details?: { field: string; message: string }[] }).details ?? [];
          refused.push(`${method.toUpperCase()} ${path}: ${details.map((d) => `${d.field} ${d.message}`).join('; ') || String(error)}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(refused).toEqual([]);
  });
});
