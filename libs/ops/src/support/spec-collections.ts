/**
 * The product's 16 collections (SPEC.md) and the references each holds, by collection name.
 * Ops reads schemas from the registered models; this table covers the gaps: a collection whose
 * domain has not registered its model yet is still seeded, validated (references only),
 * counted and backed up, and a `ref` to an unregistered model still resolves to a collection.
 */
export const SPEC_COLLECTIONS = [
  'users',
  'customers',
  'leads',
  'projects',
  'goals',
  'tasks',
  'project_services',
  'files',
  'customer_charge_details',
  'upsells',
  'messages',
  'message_attachments',
  'notifications',
  'notification_types',
  'business_directories',
  'activity_logs',
] as const;

export type SpecCollection = (typeof SPEC_COLLECTIONS)[number];

/** Field → target collection, for collections checked without a registered schema. */
export const SPEC_REFERENCES: Partial<Record<SpecCollection, Record<string, SpecCollection>>> = {
  customers: { owner_id: 'users', lead_id: 'leads' },
  leads: { agent_id: 'users', converted_customer_id: 'customers', converted_project_id: 'projects', directory_id: 'business_directories' },
  customer_charge_details: { customer_id: 'customers' },
  upsells: { customer_id: 'customers', project_id: 'projects', sold_by: 'users' },
  business_directories: { agent_id: 'users', converted_lead_id: 'leads' },
};

/** Model names the domains use in `ref`, for targets whose model is not registered (yet). */
export const MODEL_COLLECTIONS: Record<string, SpecCollection> = {
  User: 'users',
  Customer: 'customers',
  Lead: 'leads',
  Project: 'projects',
  Goal: 'goals',
  Task: 'tasks',
  ProjectService: 'project_services',
  File: 'files',
  CustomerChargeDetail: 'customer_charge_details',
  ChargeDetail: 'customer_charge_details',
  Upsell: 'upsells',
  Message: 'messages',
  MessageAttachment: 'message_attachments',
  Notification: 'notifications',
  NotificationType: 'notification_types',
  BusinessDirectory: 'business_directories',
  ActivityLog: 'activity_logs',
};

/** `entity_type` values of polymorphic references (notifications) → their collection. */
export const ENTITY_COLLECTIONS: Record<string, SpecCollection> = {
  user: 'users',
  customer: 'customers',
  lead: 'leads',
  project: 'projects',
  goal: 'goals',
  task: 'tasks',
  project_service: 'project_services',
  file: 'files',
  charge_detail: 'customer_charge_details',
  customer_charge_detail: 'customer_charge_details',
  upsell: 'upsells',
  message: 'messages',
  message_attachment: 'message_attachments',
  business_directory: 'business_directories',
};
