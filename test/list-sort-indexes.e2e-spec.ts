import type { ListSpec } from '@app/common';
import { ACTIVITY_LOG_LIST_SPEC, ENTITY_TIMELINE_SPEC } from '../libs/audit/src/activity-logs/dto/activity-log-query.dto';
import { USER_LIST_SPEC } from '../libs/auth/src/users/dto/user-query.dto';
import { DIRECTORY_LIST_SPEC } from '../libs/crm/src/business-directory/dto/directory-query.dto';
import { CHARGE_DETAIL_LIST_SPEC } from '../libs/crm/src/charge-details/dto/charge-detail-query.dto';
import { CUSTOMER_LIST_SPEC } from '../libs/crm/src/customers/dto/customer-query.dto';
import { LEAD_LIST_SPEC } from '../libs/crm/src/leads/dto/lead-query.dto';
import { UPSELL_LIST_SPEC } from '../libs/crm/src/upsells/dto/upsell-query.dto';
import { FILE_LIST_SPEC } from '../libs/files/src/files/dto/file-query.dto';
import { MESSAGE_LIST_SPEC, PINNED_SPEC, THREAD_SPEC } from '../libs/messaging/src/messages/dto/message-query.dto';
import { NOTIFICATION_TYPE_LIST_SPEC } from '../libs/notifications/src/notification-types/dto/notification-type-query.dto';
import { NOTIFICATION_LIST_SPEC } from '../libs/notifications/src/notifications/dto/notification-query.dto';
import { PROJECT_LIST_SPEC } from '../libs/projects/src/projects/dto/project-query.dto';
import { PROJECT_SERVICE_LIST_SPEC } from '../libs/projects/src/services/dto/project-service-query.dto';
import { GOAL_LIST_SPEC } from '../libs/tasks/src/goals/dto/goal-query.dto';
import { TASK_LIST_SPEC } from '../libs/tasks/src/tasks/dto/task-query.dto';
import { API_KEY_LIST_SPEC } from '../libs/auth/src/api-keys/dto/api-key-query.dto';
import { INVOICE_LIST_SPEC } from '../libs/billing/src/invoices/invoices.repository';
import { QUOTE_LIST_SPEC } from '../libs/billing/src/quotes/quotes.repository';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { TestApp } from './support/test-app';

/** Specs that page nothing (a detail route's projection and populate rules). */
const NOT_LISTS = ['PROJECT_DETAIL_SPEC'];

function declaredListSpecs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return declaredListSpecs(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) return [];
    return [...readFileSync(path, 'utf8').matchAll(/export const (\w+): ListSpec\b/g)].map((match) => match[1]);
  });
}

/**
 * Every list route: the model it pages, its spec, and the fields its service always pins by
 * equality (a scope such as `project_id`), which an index may lead with before the sort field.
 * `deleted_at` (soft delete) may always lead.
 */
const LISTS: { route: string; model: string; spec: ListSpec; scope?: string[] }[] = [
  { route: 'GET /users', model: 'User', spec: USER_LIST_SPEC },
  { route: 'GET /leads', model: 'Lead', spec: LEAD_LIST_SPEC, scope: ['agent_id'] },
  { route: 'GET /customers', model: 'Customer', spec: CUSTOMER_LIST_SPEC },
  { route: 'GET /customers/:id/charge-details', model: 'ChargeDetail', spec: CHARGE_DETAIL_LIST_SPEC, scope: ['customer_id'] },
  { route: 'GET /business-directory', model: 'BusinessDirectory', spec: DIRECTORY_LIST_SPEC },
  { route: 'GET /upsells', model: 'Upsell', spec: UPSELL_LIST_SPEC, scope: ['project_id'] },
  { route: 'GET /projects', model: 'Project', spec: PROJECT_LIST_SPEC },
  { route: 'GET /projects/:id/services', model: 'ProjectService', spec: PROJECT_SERVICE_LIST_SPEC, scope: ['project_id'] },
  { route: 'GET /goals', model: 'Goal', spec: GOAL_LIST_SPEC, scope: ['project_id'] },
  { route: 'GET /tasks', model: 'Task', spec: TASK_LIST_SPEC, scope: ['project_id'] },
  { route: 'GET /projects/:id/files', model: 'File', spec: FILE_LIST_SPEC, scope: ['project_id'] },
  { route: 'GET /notifications', model: 'Notification', spec: NOTIFICATION_LIST_SPEC, scope: ['user_id', 'is_read'] },
  { route: 'GET /notification-types', model: 'NotificationType', spec: NOTIFICATION_TYPE_LIST_SPEC },
  { route: 'GET /activity-logs', model: 'ActivityLog', spec: ACTIVITY_LOG_LIST_SPEC, scope: ['entity_type', 'user_id', 'action'] },
  { route: 'GET /activity-logs/:entity_type/:entity_id', model: 'ActivityLog', spec: ENTITY_TIMELINE_SPEC, scope: ['entity_type', 'entity_id'] },
  { route: 'GET /messages (thread roots)', model: 'Message', spec: MESSAGE_LIST_SPEC, scope: ['project_id', 'channel', 'reply_to_id'] },
  { route: 'GET /messages/pinned', model: 'Message', spec: PINNED_SPEC, scope: ['project_id', 'channel', 'is_pinned'] },
  { route: 'GET /messages/:id/thread', model: 'Message', spec: THREAD_SPEC, scope: ['reply_to_id'] },
  { route: 'GET /invoices', model: 'Invoice', spec: INVOICE_LIST_SPEC, scope: ['project_id', 'customer_id', 'status'] },
  { route: 'GET /quotes', model: 'Quote', spec: QUOTE_LIST_SPEC, scope: ['project_id', 'customer_id', 'status'] },
  { route: 'GET /api-keys', model: 'ApiKey', spec: API_KEY_LIST_SPEC },
];

/**
 * An index supports a sort on `field` when, after leading keys the query pins by equality, its
 * next key is `field` (either direction: an index is walked both ways).
 */
function supports(keys: string[], field: string, scope: string[]): boolean {
  let i = 0;
  while (i < keys.length && keys[i] !== field && scope.includes(keys[i])) i++;
  return keys[i] === field;
}

describe('Every list sort is index-backed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the table covers every ListSpec the libs declare, each on a registered model', () => {
    const covered = new Set(LISTS.map((list) => list.spec));
    const specs: Record<string, ListSpec> = {
      ACTIVITY_LOG_LIST_SPEC, ENTITY_TIMELINE_SPEC, USER_LIST_SPEC, DIRECTORY_LIST_SPEC, CHARGE_DETAIL_LIST_SPEC, CUSTOMER_LIST_SPEC, LEAD_LIST_SPEC,
      UPSELL_LIST_SPEC, FILE_LIST_SPEC, MESSAGE_LIST_SPEC, PINNED_SPEC, THREAD_SPEC, NOTIFICATION_TYPE_LIST_SPEC, NOTIFICATION_LIST_SPEC,
      PROJECT_LIST_SPEC, PROJECT_SERVICE_LIST_SPEC, GOAL_LIST_SPEC, TASK_LIST_SPEC, INVOICE_LIST_SPEC, QUOTE_LIST_SPEC, API_KEY_LIST_SPEC,
    };
    const declared = declaredListSpecs(join(__dirname, '..', 'libs')).filter((name) => !NOT_LISTS.includes(name));
    // A new list spec must be imported above and given a row in LISTS.
    expect(declared.filter((name) => !specs[name] || !covered.has(specs[name]))).toEqual([]);
    for (const list of LISTS) expect(t.connection.modelNames()).toContain(list.model);
  });

  it('the default sort and every whitelisted sort of every list have a supporting declared index', () => {
    const missing: string[] = [];
    for (const { route, model, spec, scope = [] } of LISTS) {
      const indexes = t.connection.model(model).schema.indexes().map(([keys]) => Object.keys(keys));
      const sorts = new Set([spec.defaultSort.replace(/^-/, ''), ...spec.sortable]);
      for (const field of sorts) {
        if (field === '_id') continue;
        if (!indexes.some((keys) => supports(keys, field, [...scope, 'deleted_at']))) missing.push(`${route}: sort=${field} (${model})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the declared indexes exist in the database (autoIndex built them)', async () => {
    await t.connection.model('User').init();
    const users = await t.connection.collection('users').indexes();
    expect(users.map((index) => Object.keys(index.key))).toEqual(expect.arrayContaining([['created_at']]));
  });
});
