import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AccessPolicy, ModelAccessLoader } from '@app/auth';
import { Upsell } from './upsell.schema';

declare module '@app/auth' {
  interface AccessRecords {
    upsell: Upsell;
  }
}

/** Upsells' rows for the access policy: an upsell belongs to its seller (`sold_by`). */
@Injectable()
export class UpsellAccessLoader extends ModelAccessLoader<Upsell> {
  readonly resource = 'upsell';
  readonly entity = 'Upsell';
  readonly fields = { owner: 'sold_by' };

  constructor(@InjectModel(Upsell.name) upsells: Model<Upsell>, policy: AccessPolicy) {
    super(upsells, policy);
  }
}
