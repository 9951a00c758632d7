import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { AppConfig } from '@app/config';
import { ProjectsModule } from '@app/projects';
import { FilesController } from './files/files.controller';
import { FilesService } from './files/files.service';
import { FILE_MODEL, ProjectFileSchema } from './files/file.schema';
import { FILE_STORAGE } from './storage/file-storage';
import { FileStorageSweeper } from './storage/file-storage.sweeper';
import { LocalDiskStorage } from './storage/local-disk.storage';

/**
 * Project files (multipart upload, streamed download, project- and role-based access) and the
 * blob storage every upload goes through (`FILE_STORAGE`, also used by message attachments).
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: FILE_MODEL, schema: ProjectFileSchema }]), AuthModule, ProjectsModule],
  controllers: [FilesController],
  providers: [
    FilesService,
    FileStorageSweeper,
    { provide: FILE_STORAGE, inject: [AppConfig], useFactory: (config: AppConfig) => new LocalDiskStorage(config.files.storageRoot) },
  ],
  exports: [FILE_STORAGE, FileStorageSweeper],
})
export class FilesModule {}
