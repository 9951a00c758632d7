import { UserSummaryResponse } from '@app/auth';
import { LeadResponse } from '../../leads/dto/lead.response';
import { LeadStatus } from '../../leads/lead.schema';
import { DirectoryStatus } from '../business-directory.schema';

export class DirectoryContactResponse {
  name: string | null;
  email: string | null;
  phone: string | null;
  job_title: string | null;
}

export class DirectoryLeadSummaryResponse {
  id: string;
  first_name: string;
  last_name: string | null;
  company_name: string | null;
  status: LeadStatus;
}

export class DirectoryEntryResponse {
  id: string;
  name: string;
  industry: string | null;
  country: string | null;
  city: string | null;
  website: string | null;
  contact: DirectoryContactResponse | null;
  description: string | null;
  status: DirectoryStatus;
  agent_id: string | null;
  /** With `?populate=agent`. */
  agent?: UserSummaryResponse | null;
  contacted_at: Date | null;
  converted_lead_id: string | null;
  /** With `?populate=lead`. */
  lead?: DirectoryLeadSummaryResponse | null;
  converted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The outcome of a conversion; calling it again returns the same lead. */
export class DirectoryConversionResponse {
  /** True when an earlier call already converted the entry (nothing new was created). */
  already_converted: boolean;
  entry: DirectoryEntryResponse;
  lead: LeadResponse;
}
