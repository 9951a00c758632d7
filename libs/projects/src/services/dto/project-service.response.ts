import { ServiceBillingCycle, ServiceCategory, ServiceStatus } from '../project-service.schema';

export class ProjectServiceResponse {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  category: ServiceCategory;
  /** In the project's currency, per billing cycle. */
  price: number;
  billing_cycle: ServiceBillingCycle;
  status: ServiceStatus;
  created_at: Date;
  updated_at: Date;
}
