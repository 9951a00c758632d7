import { UserSummaryResponse } from '@app/auth';
import { CustomerResponse, CustomerSummaryResponse } from '../../customers/dto/customer.response';
import { LeadPriority, LeadSource, LeadStatus } from '../lead.schema';
import { DirectoryStatus } from '../../business-directory/business-directory.schema';
import { ProjectStatus } from '@app/projects';

export class LeadDirectorySummaryResponse {
  id: string;
  name: string;
  industry: string | null;
  country: string | null;
  status: DirectoryStatus;
}

export class LeadResponse {
  id: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  job_title: string | null;
  website: string | null;
  source: LeadSource;
  status: LeadStatus;
  priority: LeadPriority;
  agent_id: string | null;
  /** With `?populate=agent`. */
  agent?: UserSummaryResponse | null;
  estimated_value: number | null;
  next_follow_up_at: Date | null;
  lost_reason: string | null;
  notes: string | null;
  /** The business-directory entry this lead came from. */
  directory_id?: string | null;
  /** With `?populate=directory`. */
  directory?: LeadDirectorySummaryResponse | null;
  converted_customer_id: string | null;
  /** With `?populate=customer`. */
  customer?: CustomerSummaryResponse | null;
  converted_project_id: string | null;
  converted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export class ConvertedProjectResponse {
  id: string;
  name: string;
  status: ProjectStatus;
  user_id: string;
  currency: string;
}

/** The outcome of a conversion; calling it again returns the same customer (and project). */
export class LeadConversionResponse {
  /** True when an earlier call already converted the lead (nothing new was created). */
  already_converted: boolean;
  lead: LeadResponse;
  customer: CustomerResponse;
  project: ConvertedProjectResponse | null;
}
