import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AUDIT_RECORD_EVENT, AuditAction, AuditRecord, badRequest, conflict, findPage, notFound, PageResponse, requestContext } from '@app/common';
import { randomToken, safeEqualHex, sha256Hex } from '@app/crypto';
import { AuthUser, Role } from '../role';
import { ApiKey, ApiKeyRecord } from './api-key.schema';
import { API_KEY_LIST_SPEC, ApiKeyQueryDto } from './dto/api-key-query.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/** `lc_` + 32 random bytes (base64url, 43 characters). */
export const API_KEY_PATTERN = /^lc_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 'lc_'.length + 8;
/** last_used_at is rewritten at most this often per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

const AUTH_PROJECTION = { key_hash: 1, scopes: 1, expires_at: 1, revoked_at: 1, last_used_at: 1, created_by: 1, prefix: 1 } as const;

/**
 * The only owner of `api_keys`: creation (the key is returned once and only its hash stored),
 * listing, revocation, and the per-request check, which reads the key record every time so a
 * revocation or expiry takes effect on the next request.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectModel(ApiKey.name) private readonly keys: Model<ApiKey>,
    private readonly events: EventEmitter2,
  ) {}

  async create(dto: CreateApiKeyDto, actor: AuthUser): Promise<ApiKeyRecord & { key: string }> {
    if (dto.expires_at && dto.expires_at.getTime() <= Date.now()) {
      throw badRequest('expires_at must be in the future', [{ field: 'expires_at', message: 'must be in the future' }]);
    }
    const key = `lc_${randomToken(32)}`;
    const created = await this.keys.create({
      name: dto.name,
      prefix: key.slice(0, PREFIX_LENGTH),
      key_hash: sha256Hex(key),
      scopes: dto.scopes,
      expires_at: dto.expires_at ?? null,
      created_by: new Types.ObjectId(actor.id),
    });
    const record = await this.findById(created.id);
    await this.audit({ action: AuditAction.Create, entity_type: 'api_key', entity_id: created.id, after: describe(record) });
    return { ...record, key };
  }

  async list(query: ApiKeyQueryDto): Promise<PageResponse<Record<string, unknown>>> {
    return findPage(this.keys, query as ApiKeyQueryDto & Record<string, unknown>, API_KEY_LIST_SPEC);
  }

  async findById(id: string): Promise<ApiKeyRecord> {
    const key = await this.keys.findById(id).lean<ApiKeyRecord>();
    if (!key) throw notFound('API key');
    return key;
  }

  /** Immediate: the next request with the key is refused. Revoking twice is a 409. */
  async revoke(id: string): Promise<ApiKeyRecord> {
    const revoked = await this.keys.findOneAndUpdate({ _id: id, revoked_at: null }, { $set: { revoked_at: new Date() } }, { new: true }).lean<ApiKeyRecord>();
    if (!revoked) {
      await this.findById(id);
      throw conflict('This API key is already revoked');
    }
    await this.audit({ action: AuditAction.Delete, entity_type: 'api_key', entity_id: id, after: describe(revoked) });
    return revoked;
  }

  /**
   * The principal for a presented key, or null (unknown, revoked, expired). One indexed read by
   * hash; `last_used_at` is written only when the stored one is over a minute old.
   */
  async authenticate(key: string): Promise<AuthUser | null> {
    if (!API_KEY_PATTERN.test(key)) return null;
    const hash = sha256Hex(key);
    const record = await this.keys.findOne({ key_hash: hash }, AUTH_PROJECTION).lean<ApiKey>();
    // The lookup matched on the hash already; the constant-time compare guards against an index that matches loosely (collation).
    if (!record || !safeEqualHex(record.key_hash, hash)) return null;
    const now = new Date();
    if (record.revoked_at || (record.expires_at && record.expires_at <= now)) return null;
    if (!record.last_used_at || now.getTime() - record.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.keys.updateOne({ _id: record._id, $or: [{ last_used_at: null }, { last_used_at: { $lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] }, { $set: { last_used_at: now } });
    }
    const creator = String(record.created_by);
    requestContext.setUserId(creator);
    // Row-level rules see an admin (the keys' owners are admins); the roles guard admits the key by its scopes alone.
    return { kind: 'api_key', id: creator, apiKeyId: String(record._id), email: `api-key:${record.prefix}`, role: Role.Admin, department: null, scopes: record.scopes };
  }

  /** A deactivated or deleted admin's keys stop working with them. */
  async revokeAllCreatedBy(userId: string): Promise<number> {
    const result = await this.keys.updateMany({ created_by: new Types.ObjectId(userId), revoked_at: null }, { $set: { revoked_at: new Date() } });
    return result.modifiedCount;
  }

  private async audit(record: AuditRecord): Promise<void> {
    await this.events.emitAsync(AUDIT_RECORD_EVENT, record);
  }
}

/** What the audit trail keeps of a key: never the key or its hash. */
function describe(key: ApiKeyRecord): Record<string, unknown> {
  return { name: key.name, prefix: key.prefix, scopes: key.scopes, expires_at: key.expires_at, revoked_at: key.revoked_at };
}
