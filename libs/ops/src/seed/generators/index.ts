import type { SeedGenerator } from '../seed-generator';
import { activityLogsGenerator, messageAttachmentsGenerator, messagesGenerator, notificationsGenerator } from './collaboration';
import { filesGenerator, goalsGenerator, projectServicesGenerator, projectsGenerator, tasksGenerator } from './delivery';
import { usersGenerator } from './people';
import { businessDirectoriesGenerator, chargeDetailsGenerator, customersGenerator, leadsGenerator, upsellsGenerator } from './sales';

/** In dependency order: a generator only references collections generated before it (or, by id, customers from leads). */
export const SEED_GENERATORS: SeedGenerator[] = [
  usersGenerator,
  leadsGenerator,
  customersGenerator,
  businessDirectoriesGenerator,
  projectsGenerator,
  filesGenerator,
  goalsGenerator,
  tasksGenerator,
  projectServicesGenerator,
  chargeDetailsGenerator,
  upsellsGenerator,
  messagesGenerator,
  messageAttachmentsGenerator,
  notificationsGenerator,
  activityLogsGenerator,
];
