import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { FieldEncryptionService } from '@app/crypto';
import { EntityLocks } from '@app/database';
import { CustomersModule } from '../customers/customers.module';
import { ChargeDetail, createChargeDetailSchema } from './charge-detail.schema';
import { ChargeDetailsController } from './charge-details.controller';
import { ChargeDetailsService } from './charge-details.service';

/**
 * Customers' cards (encrypted number and CVV, masked reads, audited reveal, CVV purge). Access
 * follows the customer, so it builds on CustomersService; exports the service for the purge job.
 */
@Module({
  imports: [
    AuthModule,
    CustomersModule,
    MongooseModule.forFeatureAsync([
      { name: ChargeDetail.name, inject: [FieldEncryptionService], useFactory: (encryption: FieldEncryptionService) => createChargeDetailSchema(encryption) },
    ]),
  ],
  controllers: [ChargeDetailsController],
  providers: [ChargeDetailsService, EntityLocks],
  exports: [ChargeDetailsService],
})
export class ChargeDetailsModule {}
