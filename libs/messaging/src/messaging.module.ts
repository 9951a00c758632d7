import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { EntityLocks } from '@app/database';
import { FilesModule } from '@app/files';
import { ProjectsModule } from '@app/projects';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentsService } from './attachments/attachments.service';
import { ATTACHMENT_MODEL, MessageAttachmentSchema } from './attachments/message-attachment.schema';
import { ConversationsController } from './messages/conversations.controller';
import { MentionsService } from './messages/mentions.service';
import { MessagePostingService } from './messages/message-posting.service';
import { MESSAGE_MODEL, MessageSchema } from './messages/message.schema';
import { MessagesController } from './messages/messages.controller';
import { MessageAccessLoader } from './messages/message-access.loader';
import { MessagesService } from './messages/messages.service';

/**
 * Internal messaging: project conversations and the general channel, one-level threads,
 * @mentions (each notifies), pins, soft delete; attachments (uploaded with a message or after it)
 * stored through FILES' FileStorage and downloaded through short-lived signed links.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: MESSAGE_MODEL, schema: MessageSchema },
      { name: ATTACHMENT_MODEL, schema: MessageAttachmentSchema },
    ]),
    AuthModule,
    ProjectsModule,
    FilesModule,
  ],
  controllers: [ConversationsController, MessagesController, AttachmentsController],
  providers: [MessageAccessLoader, MessagesService, MessagePostingService, MentionsService, AttachmentsService, EntityLocks],
  exports: [MessagesService, AttachmentsService],
})
export class MessagingModule {}
