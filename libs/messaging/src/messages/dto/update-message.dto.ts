import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../message.schema';
import { trimmed } from './create-message.dto';

export class UpdateMessageDto {
  /** The new text; mentions are parsed again and only newly mentioned people are notified. */
  @Transform(trimmed) @IsString() @Length(1, MAX_MESSAGE_LENGTH)
  content: string;
}
