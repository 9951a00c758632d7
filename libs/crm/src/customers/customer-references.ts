import { Global, Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { PROJECT_CUSTOMER_SOURCE, ProjectCustomerSource } from '@app/projects';
import { Customer, CustomerSchema } from './customer.schema';

/** Answers @app/projects' ProjectCustomerSource: does a project's customer_id name a customer. */
@Injectable()
export class CustomerReferences implements ProjectCustomerSource {
  constructor(@InjectModel(Customer.name) private readonly customers: Model<Customer>) {}

  async exists(customerId: string | Types.ObjectId): Promise<boolean> {
    if (!Types.ObjectId.isValid(String(customerId))) return false;
    return (await this.customers.exists({ _id: customerId })) !== null;
  }
}

/** Global because ProjectsModule cannot import CustomersModule (crm imports projects); the token is resolved from here. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: Customer.name, schema: CustomerSchema }])],
  providers: [CustomerReferences, { provide: PROJECT_CUSTOMER_SOURCE, useExisting: CustomerReferences }],
  exports: [PROJECT_CUSTOMER_SOURCE],
})
export class CustomerReferencesModule {}
