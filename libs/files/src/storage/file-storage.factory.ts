import { AppConfig } from '@app/config';
import type { FileStorage } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';
import { S3ObjectStorage } from './s3-object.storage';

/**
 * The `FileStorage` FILE_STORAGE_DRIVER names. The S3 bucket is checked before the app serves
 * (created outside production), so a wrong endpoint, key or bucket stops the start with one line
 * instead of failing the first upload.
 */
export async function createFileStorage(config: AppConfig): Promise<FileStorage> {
  const settings = config.files;
  if (settings.driver === 'local') return new LocalDiskStorage(settings.storageRoot);
  const storage = new S3ObjectStorage(settings.s3);
  await storage.prepareBucket(!config.isProduction);
  return storage;
}
