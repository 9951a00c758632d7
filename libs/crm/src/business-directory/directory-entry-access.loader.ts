import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AccessPolicy, ModelAccessLoader } from '@app/auth';
import { BusinessDirectory } from './business-directory.schema';

declare module '@app/auth' {
  interface AccessRecords {
    directory_entry: BusinessDirectory;
  }
}

/** Business-directory entries' rows for the access policy: an entry belongs to its agent (`agent_id`), or to nobody yet. */
@Injectable()
export class DirectoryEntryAccessLoader extends ModelAccessLoader<BusinessDirectory> {
  readonly resource = 'directory_entry';
  readonly entity = 'Business directory entry';
  readonly fields = { owner: 'agent_id' };

  constructor(@InjectModel(BusinessDirectory.name) entries: Model<BusinessDirectory>, policy: AccessPolicy) {
    super(entries, policy);
  }
}
