'use strict';
/** Which domain lib owns which Mongoose models and collections (from each lib's *.schema.ts). */
module.exports = {
  auth: { models: ['User', 'LoginAttempt', 'OidcSignIn'], collections: ['users', 'login_attempts', 'oidc_sign_ins'] },
  audit: { models: ['ActivityLog'], collections: ['activity_logs'] },
  crm: {
    models: ['Lead', 'Customer', 'ChargeDetail', 'BusinessDirectory', 'Upsell'],
    collections: ['leads', 'customers', 'customer_charge_details', 'business_directories', 'upsells'],
  },
  projects: { models: ['Project', 'ProjectService'], collections: ['projects', 'project_services'] },
  tasks: { models: ['Task', 'Goal', 'RunningTimer'], collections: ['tasks', 'goals', 'running_timers'] },
  files: { models: ['File'], collections: ['files'] },
  messaging: { models: ['Message', 'MessageAttachment'], collections: ['messages', 'message_attachments'] },
  notifications: { models: ['Notification', 'NotificationType'], collections: ['notifications', 'notification_types'] },
};
