import { UserSummaryResponse } from '@app/auth';
import { CustomerSummaryResponse } from '../../customers/dto/customer.response';
import { UpsellPaymentStatus } from '../upsell.schema';
import { ProjectStatus } from '@app/projects';

export class UpsellProjectSummaryResponse {
  id: string;
  name: string;
  status: ProjectStatus;
  currency: string;
}

export class UpsellResponse {
  id: string;
  project_id: string;
  /** With `?populate=project`. */
  project?: UpsellProjectSummaryResponse | null;
  /** The project's customer. */
  customer_id: string;
  /** With `?populate=customer`. */
  customer?: CustomerSummaryResponse | null;
  sold_by: string;
  /** With `?populate=seller`. */
  seller?: UserSummaryResponse | null;
  description: string;
  amount: number;
  /** ISO 4217. */
  currency: string;
  payment_status: UpsellPaymentStatus;
  paid_at: Date | null;
  refunded_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
