import { Global, Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { GOAL_FILE_SOURCE, GoalFileSource } from '@app/tasks';
import { FILE_MODEL, ProjectFile, ProjectFileSchema } from './file.schema';

/** Answers @app/tasks' GoalFileSource: which files belong to a project (goal attachments). */
@Injectable()
export class ProjectFilesForGoals implements GoalFileSource {
  constructor(@InjectModel(FILE_MODEL) private readonly files: Model<ProjectFile>) {}

  async filesOfProject(projectId: Types.ObjectId, fileIds: readonly string[]): Promise<Set<string>> {
    const ids = fileIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    if (!ids.length) return new Set();
    const found = await this.files.find({ _id: { $in: ids }, project_id: projectId }, { _id: 1 }).lean<Pick<ProjectFile, '_id'>[]>().exec();
    return new Set(found.map((file) => file._id.toHexString()));
  }
}

/** Global because TasksModule cannot import FilesModule's providers back; the token is resolved from here. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: FILE_MODEL, schema: ProjectFileSchema }])],
  providers: [ProjectFilesForGoals, { provide: GOAL_FILE_SOURCE, useExisting: ProjectFilesForGoals }],
  exports: [GOAL_FILE_SOURCE],
})
export class GoalFilesSourceModule {}
