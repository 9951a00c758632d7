import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

/**
 * An integration's credential (collection api_keys). Only the SHA-256 of the key is stored: the
 * key is 256 random bits, so a fast hash is enough (nothing to brute-force, unlike a password) and
 * the per-request check stays one indexed equality lookup on `key_hash`.
 */
@Schema({ collection: 'api_keys', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ApiKey {
  _id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 100 })
  name: string;

  /** The first characters of the key (`lc_AbCd1234`), so an admin can tell keys apart; never enough to use. */
  @Prop({ required: true })
  prefix: string;

  /** SHA-256 hex of the whole key; never selected unless asked for. */
  @Prop({ required: true, select: false })
  key_hash: string;

  @Prop({ type: [String], required: true })
  scopes: string[];

  @Prop({ type: Date, default: null })
  expires_at: Date | null;

  /** Set once on revocation; the next request with the key is refused. */
  @Prop({ type: Date, default: null })
  revoked_at: Date | null;

  /** Updated at most once a minute per key (a write per request would double the cost of each call). */
  @Prop({ type: Date, default: null })
  last_used_at: Date | null;

  /** The admin who created it: requests made with the key act, and are audited, on their behalf. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  created_by: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
}

export type ApiKeyDocument = HydratedDocument<ApiKey>;
export const ApiKeySchema = SchemaFactory.createForClass(ApiKey);
ApiKeySchema.index({ key_hash: 1 }, { unique: true });
ApiKeySchema.index({ created_by: 1 });
ApiKeySchema.index({ created_at: -1 });
// The list's other sorts (test/list-sort-indexes.e2e-spec.ts).
ApiKeySchema.index({ name: 1 });
ApiKeySchema.index({ last_used_at: -1 });
ApiKeySchema.index({ expires_at: 1 });

export type ApiKeyRecord = Omit<ApiKey, 'key_hash'>;
