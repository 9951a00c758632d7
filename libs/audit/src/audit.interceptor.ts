import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { concatMap, Observable } from 'rxjs';
import { AuditAction } from '@app/common';
import { AUDITED_ENTITY, AuditedEntity, SKIP_AUDIT } from '@app/common';
import { writeCapture } from '@app/database';
import { AuditService } from './audit.service';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

interface AuditedRequest {
  method: string;
  params?: Record<string, string | undefined>;
  user?: { id: string };
}

type State = Record<string, unknown> | null;

/**
 * Global: records every successful POST/PUT/PATCH/DELETE of an `@Audited` controller with the
 * entity's state before and after. The record is written before the response leaves, so a
 * change the caller saw succeed is always in the trail; a handler that throws records nothing.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectConnection() private readonly connection: Connection,
    private readonly audit: AuditService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const entity = this.auditedEntity(context);
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    if (!entity || !WRITE_METHODS.has(request.method)) return next.handle();

    const idParam = entity.idParam ?? 'id';
    const hasIdParam = request.params?.[idParam] !== undefined;
    // A malformed id never reaches the handler (the ObjectId pipe rejects it), so nothing to load.
    const routeId = hasIdParam && OBJECT_ID.test(String(request.params?.[idParam])) ? String(request.params?.[idParam]) : null;
    const action = auditAction(request.method, hasIdParam, routePaths(context));
    if (!routeId) {
      return next.handle().pipe(
        concatMap(async (body: unknown) => {
          const entityId = idFromBody(body);
          const after = entityId ? await this.loadState(entity.model, entityId) : null;
          await this.audit.record({ action, entity_type: entity.entityType, entity_id: entityId, actor_id: request.user?.id, before: null, after });
          return body;
        }),
      );
    }

    // The write itself yields before/after (exact when requests race on one document); the reads
    // around the handler are the fallback for writes the capture cannot replay (updateOne, $push…).
    const read = await this.loadState(entity.model, routeId);
    return new Observable<unknown>((subscriber) =>
      writeCapture.scope(entity.model, routeId, () =>
        next
          .handle()
          .pipe(
            concatMap(async (body: unknown) => {
              const captured = writeCapture.result();
              const { before, after } =
                captured === 'uncaptured'
                  ? { before: read, after: await this.loadState(entity.model, routeId) }
                  : captured === 'unchanged'
                    ? { before: read, after: read }
                    : captured;
              await this.audit.record({ action, entity_type: entity.entityType, entity_id: routeId, actor_id: request.user?.id, before, after });
              return body;
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }

  private auditedEntity(context: ExecutionContext): AuditedEntity | null {
    if (context.getType() !== 'http') return null;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(SKIP_AUDIT, targets)) return null;
    return this.reflector.getAllAndOverride<AuditedEntity | undefined>(AUDITED_ENTITY, targets) ?? null;
  }

  /** Soft-deleted documents included: the state after a delete is the deleted document. */
  private async loadState(model: string, id: string): Promise<State> {
    return this.connection.model(model).findById(id).setOptions({ withDeleted: true }).lean<Record<string, unknown>>().exec();
  }
}

export function auditAction(method: string, hasIdParam: boolean, paths: string[]): AuditAction {
  if (method === 'DELETE') return AuditAction.Delete;
  if (paths.some((path) => /(^|\/)restore\/?$/.test(path))) return AuditAction.Restore;
  if (method === 'POST' && !hasIdParam) return AuditAction.Create;
  return AuditAction.Update;
}

function routePaths(context: ExecutionContext): string[] {
  const paths: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, context.getHandler());
  return Array.isArray(paths) ? paths : [paths ?? ''];
}

function idFromBody(body: unknown): string | null {
  const id = (body as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && OBJECT_ID.test(id) ? id : null;
}
