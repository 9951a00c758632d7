import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { API_KEY_SCOPES } from '../api-key-scopes';

export class CreateApiKeyDto {
  /** What the key is for (`prometheus`, `billing export`). */
  @IsString() @Length(1, 100)
  name: string;

  /** `<area>:read` (GET routes), `<area>:write` (other methods) or `<area>:*`; areas: crm, projects, tasks, files, messaging, audit, events, metrics. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @ArrayUnique() @IsIn(API_KEY_SCOPES, { each: true, message: `each scope must be one of: ${API_KEY_SCOPES.join(', ')}` })
  scopes: string[];

  /** The key stops working at this time; omit for a key that works until revoked. */
  @IsOptional() @Type(() => Date) @IsDate()
  expires_at?: Date;
}
