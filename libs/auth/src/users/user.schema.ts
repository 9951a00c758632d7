import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { softDeletePlugin } from '@app/database';
import { Role } from '../role';

/** One refresh-token family (a signed-in device). Only the hash of the current token is kept. */
@Schema({ _id: false })
export class UserSession {
  @Prop({ required: true })
  family_id: string;

  @Prop({ required: true })
  token_hash: string;

  @Prop({ required: true })
  expires_at: Date;

  @Prop({ required: true })
  created_at: Date;

  @Prop()
  user_agent?: string;

  /** When this session last presented a second factor (two-step sign-in, step-up). */
  @Prop({ type: Date, default: null })
  second_factor_at?: Date | null;
}
const UserSessionSchema = SchemaFactory.createForClass(UserSession);

/** TOTP two-factor state. Never selected by default; the secrets exist only as keyring ciphertext. */
@Schema({ _id: false })
export class UserTwoFactor {
  /** The confirmed TOTP secret (field-encryption ciphertext). */
  @Prop({ type: String, default: null })
  secret_encrypted: string | null;

  /** A secret shown by enrolment and not confirmed yet (ciphertext); confirming moves it to `secret_encrypted`. */
  @Prop({ type: String, default: null })
  pending_secret_encrypted: string | null;

  /** The RFC 6238 time step of the last accepted code: a code of that step or an earlier one is refused (no replay). */
  @Prop({ type: Number, default: 0 })
  last_used_step: number;

  /** SHA-256 of each unused recovery code; using one pulls it. */
  @Prop({ type: [String], default: [] })
  recovery_code_hashes: string[];

  /** The id of the one sign-in challenge that may still be answered; answering it clears it (single use). */
  @Prop({ type: String, default: null })
  challenge_id: string | null;

  @Prop({ type: Date, default: null })
  enabled_at: Date | null;
}
const UserTwoFactorSchema = SchemaFactory.createForClass(UserTwoFactor);

@Schema({ collection: 'users', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class User {
  _id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 100 })
  first_name: string;

  @Prop({ required: true, trim: true, maxlength: 100 })
  last_name: string;

  @Prop({ required: true, lowercase: true, trim: true, maxlength: 254 })
  email: string;

  /** argon2id; never selected unless a query asks for `+password_hash`. */
  @Prop({ required: true, select: false })
  password_hash: string;

  @Prop({ required: true, enum: Role, type: String })
  role: Role;

  @Prop({ type: String, default: null, trim: true, maxlength: 100 })
  department: string | null;

  @Prop({ type: String, default: null })
  phone: string | null;

  @Prop({ default: true })
  is_active: boolean;

  @Prop({ type: Date, default: null })
  last_login_at: Date | null;

  // Failed sign-ins are counted per account and client in `login_attempts` (LoginAttemptsService), not here.

  /** Bumped to revoke every access token issued before (deactivation, password change). */
  @Prop({ default: 0 })
  token_version: number;

  @Prop({ type: [UserSessionSchema], default: [], select: false })
  sessions: UserSession[];

  @Prop({ type: Date, default: null })
  password_changed_at: Date | null;

  /** True once a TOTP secret is confirmed: sign-in then needs a code after the password. */
  @Prop({ default: false })
  two_factor_enabled: boolean;

  @Prop({ type: UserTwoFactorSchema, default: null, select: false })
  two_factor: UserTwoFactor | null;

  created_at: Date;
  updated_at: Date;
  deleted_at?: Date | null;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
UserSchema.plugin(softDeletePlugin);
UserSchema.index({ email: 1 }, { unique: true });
UserSchema.index({ role: 1 });
UserSchema.index({ is_active: 1 });
UserSchema.index({ role: 1, is_active: 1 });
UserSchema.index({ department: 1, role: 1 });
UserSchema.index({ 'sessions.family_id': 1 }, { sparse: true });
// Every sort the list whitelists (default and `?sort=`) is index-backed: test/list-sort-indexes.e2e-spec.ts.
UserSchema.index({ created_at: -1 });
UserSchema.index({ updated_at: -1 });
UserSchema.index({ last_name: 1 });
UserSchema.index({ last_login_at: -1 });

/** Fields that are safe to read on hot paths; never the hash, the sessions or the two-factor secrets. */
export const USER_PUBLIC_PROJECTION = { password_hash: 0, sessions: 0, two_factor: 0 } as const;
