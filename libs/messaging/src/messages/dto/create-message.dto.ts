import { Transform } from 'class-transformer';
import { IsMongoId, IsOptional, IsString, Length } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../message.schema';

export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateMessageDto {
  /** Text; mention people with `@local-part` or `@full@email` (see README). */
  @Transform(trimmed) @IsString() @Length(1, MAX_MESSAGE_LENGTH)
  content: string;

  /**
   * Reply in the thread of this message (same conversation). Replying to a reply joins its root's thread.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  reply_to_id?: string;
}
