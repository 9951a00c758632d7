import { Types } from 'mongoose';
import { fieldError } from '@app/common';

/**
 * What goals need of `files` (owned by @app/files, which sits beside tasks): which of some file ids
 * belong to a project. Tasks declares it; @app/files implements it and binds the token globally.
 */
export interface GoalFileSource {
  /** The ids (hex) among `fileIds` that are files of `projectId`. */
  filesOfProject(projectId: Types.ObjectId, fileIds: readonly string[]): Promise<Set<string>>;
}
export const GOAL_FILE_SOURCE = Symbol('GoalFileSource');

/**
 * Goal attachments must be files of the goal's own project. Without the files domain (no
 * GoalFileSource bound) only the id format can be checked, which the DTO already did.
 */
export async function assertProjectFiles(source: GoalFileSource | null, projectId: Types.ObjectId, fileIds: string[] | undefined): Promise<void> {
  if (!fileIds?.length || !source) return;
  const unique = [...new Set(fileIds.map((id) => id.toLowerCase()))];
  const known = await source.filesOfProject(projectId, unique);
  const foreign = unique.filter((id) => !known.has(id));
  if (foreign.length) throw fieldError('file_ids', `must reference files of this project (not found in it: ${foreign.join(', ')})`);
}
