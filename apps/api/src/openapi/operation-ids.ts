/**
 * operationIds a generated client names its methods after (`convertLead`, `listCustomers`): the
 * handler's verb plus the controller's resource; handlers whose name is not one of the verbs below
 * have an explicit name here (a new one without an entry fails the document build).
 */
const RESOURCE_VERBS: Record<string, (singular: string, plural: string) => string> = {
  list: (_s, p) => `list${p}`,
  get: (s) => `get${s}`,
  create: (s) => `create${s}`,
  update: (s) => `update${s}`,
  remove: (s) => `delete${s}`,
  restore: (s) => `restore${s}`,
  convert: (s) => `convert${s}`,
  upload: (s) => `upload${s}`,
  download: (s) => `download${s}`,
  reveal: (s) => `reveal${s}`,
  edit: (s) => `edit${s}`,
  pin: (s) => `pin${s}`,
  unpin: (s) => `unpin${s}`,
};

/** Controllers whose name does not pluralise by dropping an `s`. */
const RESOURCE_NAMES: Record<string, [singular: string, plural: string]> = {
  BusinessDirectoryController: ['DirectoryEntry', 'DirectoryEntries'],
};

/** `Controller.method` → operationId where the verb rule does not apply or would be ambiguous. */
export const OPERATION_ID_OVERRIDES: Readonly<Record<string, string>> = {
  'AuthController.login': 'login',
  'AuthController.refresh': 'refreshTokens',
  'AuthController.logout': 'logout',
  'AuthController.me': 'getCurrentUser',
  'AuthController.changePassword': 'changePassword',
  'OidcController.login': 'startOidcSignIn',
  'OidcController.callback': 'completeOidcSignIn',
  'OidcController.exchange': 'exchangeOidcCode',
  'NotificationsController.unreadCount': 'countUnreadNotifications',
  'NotificationsController.markAllRead': 'markAllNotificationsRead',
  'NotificationsController.markRead': 'markNotificationRead',
  'ProjectsController.addTeamMember': 'addProjectTeamMember',
  'ProjectsController.removeTeamMember': 'removeProjectTeamMember',
  'ProjectBillingController.catchUp': 'catchUpProjectBilling',
  'ProjectReportsController.serviceUsage': 'getServiceUsageReport',
  'ProjectReportsController.projectFinancials': 'getProjectFinancialsReport',
  'ProjectReportsController.revenueByMonth': 'getRevenueByMonthReport',
  'ProjectReportsController.projectFinancialsFor': 'getProjectFinancials',
  'GoalsController.listForProject': 'listProjectGoals',
  'TasksController.listForProject': 'listProjectTasks',
  'TasksController.mine': 'listMyTasks',
  'TimeTrackingController.current': 'getRunningTimer',
  'TimeTrackingController.start': 'startTimer',
  'TimeTrackingController.stop': 'stopTimer',
  'TimeTrackingController.addEntry': 'addTimeEntry',
  'TimeTrackingController.removeEntry': 'deleteTimeEntry',
  'TimeReportsController.timeTracked': 'getTimeTrackedReport',
  'FilesController.list': 'listProjectFiles',
  'FilesController.upload': 'uploadProjectFile',
  'ConversationsController.postToProject': 'postProjectMessage',
  'ConversationsController.listProject': 'listProjectMessages',
  'ConversationsController.pinnedInProject': 'listPinnedProjectMessages',
  'ConversationsController.postToGeneral': 'postGeneralMessage',
  'ConversationsController.listGeneral': 'listGeneralMessages',
  'ConversationsController.pinnedInGeneral': 'listPinnedGeneralMessages',
  'MessagesController.thread': 'getMessageThread',
  'AttachmentsController.list': 'listMessageAttachments',
  'AttachmentsController.upload': 'uploadMessageAttachment',
  'HealthController.live': 'getLiveness',
  'HealthController.ready': 'getReadiness',
  'MetricsController.scrape': 'getMetrics',
  'ActivityLogsController.timeline': 'getEntityTimeline',
  'BusinessDirectoryController.convertToLead': 'convertDirectoryEntryToLead',
  'CrmReportsController.salesPipeline': 'getSalesPipelineReport',
  'CrmReportsController.directoryConversions': 'getDirectoryConversionsReport',
  'ChargeDetailsController.list': 'listCustomerChargeDetails',
  'ChargeDetailsController.create': 'createCustomerChargeDetail',
  'UpsellsController.listForProject': 'listProjectUpsells',
  'UpsellReportsController.upsellRevenue': 'getUpsellRevenueReport',
  'InvoicesController.draft': 'draftInvoice',
  'InvoicesController.list': 'listInvoices',
  'InvoicesController.exportCsv': 'exportInvoicesCsv',
  'InvoicesController.findOne': 'getInvoice',
  'InvoicesController.pdf': 'downloadInvoicePdf',
  'InvoicesController.remove': 'deleteInvoiceDraft',
  'InvoicesController.issue': 'issueInvoice',
  'InvoicesController.voidInvoice': 'voidInvoice',
  'InvoicePaymentsController.recordPayment': 'recordInvoicePayment',
  'InvoicePaymentsController.listPayments': 'listInvoicePayments',
  'InvoicePaymentsController.createCreditNote': 'createCreditNote',
  'InvoicePaymentsController.listCreditNotes': 'listCreditNotes',
  'QuotesController.create': 'createQuote',
  'QuotesController.findOne': 'getQuote',
  'QuotesController.send': 'sendQuote',
  'QuotesController.accept': 'acceptQuote',
  'QuotesController.decline': 'declineQuote',
  'QuotesController.remove': 'deleteQuote',
  'BillingReportsController.aging': 'getReceivablesAgingReport',
  'BillingReportsController.revenue': 'getInvoiceRevenueReport',
  'TwoFactorController.enroll': 'enrollTwoFactor',
  'TwoFactorController.confirm': 'confirmTwoFactor',
  'TwoFactorController.disable': 'disableTwoFactor',
  'TwoFactorController.verify': 'verifyTwoFactor',
  'TwoFactorController.stepUp': 'stepUp',
  'ApiKeysController.revoke': 'revokeApiKey',
  'WebhooksController.findOne': 'getWebhook',
  'WebhooksController.deliveries': 'listWebhookDeliveries',
  'WebhooksController.redeliver': 'redeliverWebhookDelivery',
  'WebhooksController.replay': 'replayWebhookEvents',
  'EventsController.list': 'listEvents',
  'EventStreamController.stream': 'streamEvents',
};

/** The DocumentBuilder's `operationIdFactory`. */
export function operationIdFor(controllerKey: string, methodKey: string): string {
  const override = OPERATION_ID_OVERRIDES[`${controllerKey}.${methodKey}`];
  if (override) return override;
  const verb = RESOURCE_VERBS[methodKey];
  if (!verb) throw new Error(`${controllerKey}.${methodKey} needs an operationId in OPERATION_ID_OVERRIDES (apps/api/src/openapi/operation-ids.ts)`);
  const plural = controllerKey.replace(/Controller$/, '');
  const [singular, many] = RESOURCE_NAMES[controllerKey] ?? [plural.replace(/s$/, ''), plural];
  return verb(singular, many);
}

/** `convertLead` → `Convert lead`: the operation's summary, in the words of its client method. */
export function summaryFor(operationId: string): string {
  const words = operationId.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
