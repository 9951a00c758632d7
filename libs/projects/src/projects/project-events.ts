/**
 * Events the projects domain raises for other domains' own data (not notifications). A project is
 * deleted only after every `project.deleting` listener (goals, tasks, services, …) has cleaned up;
 * a listener that throws aborts the delete, and a retry is safe because cleanups are idempotent.
 */
export const ProjectEvent = {
  Deleting: 'project.deleting',
} as const;

export interface ProjectDeletingEvent {
  project_id: string;
  actor_id: string;
}
