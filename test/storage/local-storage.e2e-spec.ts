import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { mkdir } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { randomBytes } from 'crypto';
import { LocalDiskStorage } from '@app/files';
import { fileStorageContract } from './file-storage.contract';

const list = (path: string) => (existsSync(path) ? readdirSync(path) : []);

describe('FileStorage contract: local disk (FILE_STORAGE_DRIVER=local)', () => {
  fileStorageContract(async () => {
    const root = mkdtempSync(join(tmpdir(), 'storage-contract-'));
    return {
      storage: new LocalDiskStorage(root),
      storedKeys: async () => list(root).filter((name) => name !== '.tmp').flatMap((prefix) => list(join(root, prefix)).map((name) => `${prefix}/${name}`)),
      pendingWrites: async () => list(join(root, '.tmp')),
      leaveIncompleteWrite: async () => {
        await mkdir(join(root, '.tmp'), { recursive: true });
        writeFileSync(join(root, '.tmp', `${randomBytes(16).toString('hex')}.part`), 'half an upload');
      },
      close: async () => rmSync(root, { recursive: true, force: true }),
    };
  });
});
