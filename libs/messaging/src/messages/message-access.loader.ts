import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AccessPolicy, ModelAccessLoader } from '@app/auth';
import { Message, MESSAGE_MODEL } from './message.schema';

declare module '@app/auth' {
  interface AccessRecords {
    message: Message;
  }
}

/** Messages' rows for the access policy: a message is its sender's. */
@Injectable()
export class MessageAccessLoader extends ModelAccessLoader<Message> {
  readonly resource = 'message';
  readonly entity = 'Message';
  readonly fields = { owner: 'sender_id' };

  constructor(@InjectModel(MESSAGE_MODEL) messages: Model<Message>, policy: AccessPolicy) {
    super(messages, policy);
  }
}
