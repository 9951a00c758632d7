import { PartialType } from '@nestjs/swagger';
import { CreateCustomerDto } from './create-customer.dto';

/** `null` clears an optional field. `lead_id` is set by lead conversion only. */
export class UpdateCustomerDto extends PartialType(CreateCustomerDto) {}
