import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { BODY_TEMPLATE_MAX, NOTIFICATION_TYPE_KEY_PATTERN, TITLE_TEMPLATE_MAX } from '../notification-type.schema';
import { IsTemplate } from './is-template';

export class CreateNotificationTypeDto {
  /** Unique, lower-case snake_case, e.g. `invoice_overdue`. Cannot be changed later. */
  @IsString() @Matches(NOTIFICATION_TYPE_KEY_PATTERN, { message: 'key must be 2-64 lower-case letters, digits or _, starting with a letter, e.g. invoice_overdue' })
  key: string;

  @IsString() @Length(1, 100)
  name: string;

  /** null clears it. */
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @Length(1, 500)
  description?: string | null;

  /** e.g. `New lead assigned: {{lead_name}}`. */
  @IsString() @Length(1, TITLE_TEMPLATE_MAX) @IsTemplate()
  title_template: string;

  /** e.g. `{{assigned_by}} assigned the lead {{lead_name}} to you.` */
  @IsString() @Length(1, BODY_TEMPLATE_MAX) @IsTemplate()
  body_template: string;

  /** Inactive types notify nobody (default true). */
  @IsOptional() @IsBoolean()
  is_active?: boolean;
}
