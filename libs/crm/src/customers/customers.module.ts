import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { CustomerAccessLoader } from './customer-access.loader';
import { Customer, CustomerSchema } from './customer.schema';
import { CustomerReferencesModule } from './customer-references';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';

/** Customers: CRUD with soft delete; exports the service lead conversion and cards build on;
 * answers projects' ProjectCustomerSource. */
@Module({
  imports: [AuthModule, CustomerReferencesModule, MongooseModule.forFeature([{ name: Customer.name, schema: CustomerSchema }])],
  controllers: [CustomersController],
  providers: [CustomerAccessLoader, CustomersService],
  exports: [CustomersService],
})
export class CustomersModule {}
