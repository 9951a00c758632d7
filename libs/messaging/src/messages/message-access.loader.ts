import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessLoadOptions, AccessPolicy } from '@app/auth';
import { Message, MESSAGE_MODEL } from './message.schema';

declare module '@app/auth' {
  interface AccessRecords {
    message: Message;
  }
}

/** Messages' rows for the access policy: a message is its sender's. */
@Injectable()
export class MessageAccessLoader implements AccessLoader<Message>, OnModuleInit {
  readonly resource = 'message';
  readonly entity = 'Message';
  readonly fields = { owner: 'sender_id' };

  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<Message>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<Message>, options: AccessLoadOptions): Promise<Message | null> {
    return this.messages
      .findOne({ _id: id, ...scope })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<Message>();
  }

  async findIds(scope: FilterQuery<Message>, options: AccessLoadOptions): Promise<Types.ObjectId[]> {
    const rows = await this.messages
      .find(scope, { _id: 1 })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }
}
