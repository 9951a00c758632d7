import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One attempt counter: `<scope>:<subject>:<client>` (what one client may still try on one account)
 * or `<scope>:<subject>` (the account's failures from every client, for the progressive delay).
 */
@Schema({ collection: 'login_attempts', versionKey: false })
export class LoginAttempt {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  count: number;

  /** The latest attempt's slot id (counted or refused); a success resets the counter only while it is still its own. */
  @Prop({ type: String, required: true })
  last_slot: string;

  /** The window ends this long after the last counted attempt; an expired counter starts over. */
  @Prop({ type: Date, required: true })
  expires_at: Date;
}

export const LoginAttemptSchema = SchemaFactory.createForClass(LoginAttempt);
// MongoDB removes expired counters itself; engines without TTL indexes rely on purgeExpired().
LoginAttemptSchema.index({ expires_at: 1 }, { expireAfterSeconds: 0 });
