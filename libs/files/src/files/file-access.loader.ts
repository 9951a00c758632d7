import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessLoadOptions, AccessPolicy } from '@app/auth';
import { FILE_MODEL, ProjectFile } from './file.schema';

declare module '@app/auth' {
  interface AccessRecords {
    file: ProjectFile;
  }
}

/** Files' rows for the access policy: a file is its uploader's, and shown to the roles in its `allowed_roles`. */
@Injectable()
export class FileAccessLoader implements AccessLoader<ProjectFile>, OnModuleInit {
  readonly resource = 'file';
  readonly entity = 'File';
  // The project manager is not a file field: FilesService decides FileDelete on the file with its
  // project's manager as `project_manager_id` (requireRowAccess, after ProjectRead).
  readonly fields = { owner: 'uploaded_by', members: ['project_manager_id'], allowedRoles: 'allowed_roles' };

  constructor(
    @InjectModel(FILE_MODEL) private readonly files: Model<ProjectFile>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<ProjectFile>, options: AccessLoadOptions): Promise<ProjectFile | null> {
    return this.files
      .findOne({ _id: id, ...scope })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<ProjectFile>();
  }

  async findIds(scope: FilterQuery<ProjectFile>, options: AccessLoadOptions): Promise<Types.ObjectId[]> {
    const rows = await this.files
      .find(scope, { _id: 1 })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }
}
