import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { fieldError } from '@app/common';

/** Model name registered by @app/files. */
const FILE_MODEL = 'File';

/**
 * Goal attachments must be files of the goal's own project. When the files domain is not loaded
 * (its model is not registered) only the id format can be checked, which the DTO already did.
 */
export async function assertProjectFiles(connection: Connection, projectId: Types.ObjectId, fileIds: string[] | undefined): Promise<void> {
  if (!fileIds?.length || !connection.modelNames().includes(FILE_MODEL)) return;
  const unique = [...new Set(fileIds.map((id) => id.toLowerCase()))];
  const found = await connection
    .model(FILE_MODEL)
    .find({ _id: { $in: unique }, project_id: projectId }, { _id: 1 })
    .lean<{ _id: Types.ObjectId }[]>();
  const known = new Set(found.map((file) => file._id.toHexString()));
  const foreign = unique.filter((id) => !known.has(id));
  if (foreign.length) throw fieldError('file_ids', `must reference files of this project (not found in it: ${foreign.join(', ')})`);
}
