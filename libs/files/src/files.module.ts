import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { AppConfig } from '@app/config';
import { ProjectsModule } from '@app/projects';
import { FileAccessLoader } from './files/file-access.loader';
import { FilesController } from './files/files.controller';
import { FilesService } from './files/files.service';
import { GoalFilesSourceModule } from './files/goal-files.source';
import { FILE_MODEL, ProjectFileSchema } from './files/file.schema';
import { FILE_STORAGE } from './storage/file-storage';
import { createFileStorage } from './storage/file-storage.factory';
import { FileStorageSweeper } from './storage/file-storage.sweeper';

/**
 * Project files (multipart upload, streamed download, project- and role-based access) and the
 * blob storage every upload goes through (`FILE_STORAGE`, also used by message attachments);
 * answers tasks' GoalFileSource (goal attachments must be files of the goal's project).
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: FILE_MODEL, schema: ProjectFileSchema }]), AuthModule, ProjectsModule, GoalFilesSourceModule],
  controllers: [FilesController],
  providers: [
    FileAccessLoader,
    FilesService,
    FileStorageSweeper,
    // FILE_STORAGE_DRIVER: local disk or an S3-compatible bucket.
    { provide: FILE_STORAGE, inject: [AppConfig], useFactory: createFileStorage },
  ],
  exports: [FILE_STORAGE, FileStorageSweeper],
})
export class FilesModule {}
