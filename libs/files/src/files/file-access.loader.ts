import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AccessPolicy, ModelAccessLoader } from '@app/auth';
import { FILE_MODEL, ProjectFile } from './file.schema';

declare module '@app/auth' {
  interface AccessRecords {
    file: ProjectFile;
  }
}

/** Files' rows for the access policy: a file is its uploader's, and shown to the roles in its `allowed_roles`. */
@Injectable()
export class FileAccessLoader extends ModelAccessLoader<ProjectFile> {
  readonly resource = 'file';
  readonly entity = 'File';
  // The project manager is not a file field: FilesService decides FileDelete on the file with its
  // project's manager as `project_manager_id` (requireRowAccess, after ProjectRead).
  readonly fields = { owner: 'uploaded_by', members: ['project_manager_id'], allowedRoles: 'allowed_roles' };

  constructor(@InjectModel(FILE_MODEL) files: Model<ProjectFile>, policy: AccessPolicy) {
    super(files, policy);
  }
}
