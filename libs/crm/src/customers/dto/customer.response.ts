import { UserSummaryResponse } from '@app/auth';
import { AddressResponse } from '../../shared/address.response';
import { CustomerStatus } from '../customer.schema';
import { LeadStatus } from '../../leads/lead.schema';

export class CustomerLeadSummaryResponse {
  id: string;
  first_name: string;
  last_name: string | null;
  company_name: string | null;
  status: LeadStatus;
}

export class CustomerResponse {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  website: string | null;
  address: AddressResponse | null;
  status: CustomerStatus;
  owner_id: string | null;
  /** With `?populate=owner`. */
  owner?: UserSummaryResponse | null;
  tags: string[];
  /** The lead this customer was converted from. */
  lead_id?: string | null;
  /** With `?populate=lead`. */
  lead?: CustomerLeadSummaryResponse | null;
  created_at: Date;
  updated_at: Date;
}

/** A customer as embedded in other CRM resources. */
export class CustomerSummaryResponse {
  id: string;
  name: string;
  email: string | null;
  company_name: string | null;
  status: CustomerStatus;
}
