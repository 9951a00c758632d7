import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AccessPolicy, ModelAccessLoader } from '@app/auth';
import { Lead } from './lead.schema';

declare module '@app/auth' {
  interface AccessRecords {
    lead: Lead;
  }
}

/** Leads' rows for the access policy: a lead belongs to its agent (`agent_id`). */
@Injectable()
export class LeadAccessLoader extends ModelAccessLoader<Lead> {
  readonly resource = 'lead';
  readonly entity = 'Lead';
  readonly fields = { owner: 'agent_id' };

  constructor(@InjectModel(Lead.name) leads: Model<Lead>, policy: AccessPolicy) {
    super(leads, policy);
  }
}
