import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { softDeletePlugin } from '@app/database';
import { CardBrand, FieldEncryptionService, fieldEncryptionPlugin } from '@app/crypto';
import { Address, AddressSchema } from '../shared/address.schema';

/** The ciphertext fields; the `_encrypted` suffix also makes the audit trail redact them. */
export const ENCRYPTED_CARD_FIELDS = ['card_number_encrypted', 'cvv_encrypted'];

/** Never read outside the reveal and the purge: every other query leaves the ciphertext out. */
export const WITHOUT_CIPHERTEXT = { card_number_encrypted: 0, cvv_encrypted: 0 } as const;

/** A customer's payment card (collection customer_charge_details). Number and CVV exist only as AES-256-GCM ciphertext. */
@Schema({ collection: 'customer_charge_details', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ChargeDetail {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', required: true })
  customer_id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 200 })
  card_holder: string;

  /** `enc:v1:<keyId>:…` of the digits; only the audited reveal decrypts it. */
  @Prop({ required: true })
  card_number_encrypted: string;

  /** Ciphertext of the CVV, removed by the purge once CVV_RETENTION_HOURS have passed. */
  @Prop({ type: String })
  cvv_encrypted?: string;

  /** When the CVV was stored; the purge measures the retention from here. */
  @Prop({ type: Date })
  cvv_stored_at?: Date;

  /** Id of the key the number was encrypted with (for rotation). */
  @Prop({ required: true, match: /^[A-Za-z0-9_-]{1,32}$/ })
  key_id: string;

  @Prop({ required: true, match: /^\d{4}$/ })
  card_last4: string;

  @Prop({ required: true, enum: CardBrand, type: String })
  brand: CardBrand;

  @Prop({ required: true, min: 1, max: 12 })
  expiry_month: number;

  /** Four digits. */
  @Prop({ required: true, min: 2000, max: 2099 })
  expiry_year: number;

  @Prop({ type: AddressSchema, default: null })
  billing_address: Address | null;

  @Prop({ required: true, default: false })
  is_default: boolean;

  /** When the card became the default (changes of the default are serialized per customer). */
  @Prop({ type: Date, default: null })
  default_since: Date | null;

  created_at: Date;
  updated_at: Date;
  deleted_at?: Date | null;
  deleted_by?: Types.ObjectId | null;
}

export type ChargeDetailDocument = HydratedDocument<ChargeDetail>;

/**
 * Built per app with the app's FieldEncryptionService: the encryption plugin is the safety net
 * that turns any plaintext written to a ciphertext field into ciphertext.
 */
export function createChargeDetailSchema(encryption: FieldEncryptionService): MongooseSchema<ChargeDetail> {
  const schema = SchemaFactory.createForClass(ChargeDetail);
  schema.plugin(softDeletePlugin);
  schema.plugin(fieldEncryptionPlugin, { fields: ENCRYPTED_CARD_FIELDS, encryption });
  schema.index({ customer_id: 1 });
  schema.index({ cvv_stored_at: 1 }, { sparse: true });
  // Every sort the customer's card list whitelists is index-backed: test/list-sort-indexes.e2e-spec.ts.
  for (const field of ['created_at', 'updated_at', 'expiry_year', 'brand', 'card_holder']) schema.index({ customer_id: 1, [field]: 1 });
  return schema;
}
