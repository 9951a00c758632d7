import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { LeadsModule } from '../leads/leads.module';
import { BusinessDirectory, BusinessDirectorySchema } from './business-directory.schema';
import { BusinessDirectoryController } from './business-directory.controller';
import { DirectoryEntryAccessLoader } from './directory-entry-access.loader';
import { BusinessDirectoryService } from './business-directory.service';
import { DirectorySearch } from './directory-search';

/** Prospect businesses: search (full-text or regex, decided by DirectorySearch) and conversion to leads. */
@Module({
  imports: [AuthModule, LeadsModule, MongooseModule.forFeature([{ name: BusinessDirectory.name, schema: BusinessDirectorySchema }])],
  controllers: [BusinessDirectoryController],
  providers: [DirectoryEntryAccessLoader, BusinessDirectoryService, DirectorySearch],
  exports: [BusinessDirectoryService],
})
export class BusinessDirectoryModule {}
