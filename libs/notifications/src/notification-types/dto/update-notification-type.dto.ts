import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateNotificationTypeDto } from './create-notification-type.dto';

/** The key is what events are mapped to, so it stays as created. */
export class UpdateNotificationTypeDto extends PartialType(OmitType(CreateNotificationTypeDto, ['key'] as const)) {}
