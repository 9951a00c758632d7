import { Types } from 'mongoose';
import { ApiException } from '@app/common';
import { assertProjectFiles, GoalFileSource } from './goal-files';

/** A source that knows one project's files. */
function sourceOf(projectId: Types.ObjectId, fileIds: string[]): GoalFileSource & { calls: number } {
  const source = {
    calls: 0,
    async filesOfProject(project: Types.ObjectId, ids: readonly string[]) {
      source.calls += 1;
      return new Set(project.equals(projectId) ? ids.filter((id) => fileIds.includes(id)) : []);
    },
  };
  return source;
}

describe('goal attachments (assertProjectFiles)', () => {
  const project = new Types.ObjectId();
  const mine = new Types.ObjectId().toHexString();
  const other = new Types.ObjectId().toHexString();

  it('accepts files of the goal’s project, asking the files domain once for all of them', async () => {
    const source = sourceOf(project, [mine]);
    await expect(assertProjectFiles(source, project, [mine, mine.toUpperCase()])).resolves.toBeUndefined();
    expect(source.calls).toBe(1);
  });

  it('refuses a file of another project with 400 naming it', async () => {
    const error = await assertProjectFiles(sourceOf(project, [mine]), project, [mine, other]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException).getStatus()).toBe(400);
    expect((error as ApiException).details).toEqual([{ field: 'file_ids', message: `must reference files of this project (not found in it: ${other})` }]);
  });

  it('without the files domain, or without files, asks nothing', async () => {
    await expect(assertProjectFiles(null, project, [other])).resolves.toBeUndefined();
    const source = sourceOf(project, []);
    await assertProjectFiles(source, project, []);
    expect(source.calls).toBe(0);
  });
});
