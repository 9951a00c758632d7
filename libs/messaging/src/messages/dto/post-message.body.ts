import { applyDecorators } from '@nestjs/common';
import { ApiConsumes, ApiExtraModels, ApiOperation, ApiPayloadTooLargeResponse, getSchemaPath } from '@nestjs/swagger';
import { badRequest, ErrorResponse } from '@app/common';
import { MAX_ATTACHMENTS_PER_MESSAGE } from '../../attachments/message-attachment.schema';
import { MAX_MESSAGE_LENGTH } from '../message.schema';
import { CreateMessageDto } from './create-message.dto';

/** The text fields of a multipart post: those of `CreateMessageDto`. */
export const MESSAGE_FORM_FIELDS = ['content', 'reply_to_id'] as const;

/** Multipart text fields as the JSON body would carry them: each once; an empty optional field is absent (forms send them). */
export function messageFormBody(fields: Record<string, string[]>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [name, values] of Object.entries(fields)) {
    if (values.length > 1) throw badRequest(`${name} must be sent once`, [{ field: name, message: 'must be sent once' }]);
    if (name !== 'content' && values[0] === '') continue;
    body[name] = values[0];
  }
  return body;
}

/**
 * Documents both bodies of a message post. The handler reads the body itself (it may be
 * multipart), so there is no `@Body()` to describe it and the request body is declared here.
 */
export function ApiMessageBody(): MethodDecorator {
  return applyDecorators(
    ApiConsumes('application/json', 'multipart/form-data'),
    ApiExtraModels(CreateMessageDto),
    ApiOperation({
      description:
        'JSON for text only; multipart/form-data to upload files with the message: the same fields plus up to ' +
        `${MAX_ATTACHMENTS_PER_MESSAGE} \`file\` parts (size limit per detected type, as for POST /messages/{id}/attachments). ` +
        'A refused file (413) or field (400) leaves no message and no file behind.',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { $ref: getSchemaPath(CreateMessageDto) } },
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['content'],
              properties: {
                content: { type: 'string', minLength: 1, maxLength: MAX_MESSAGE_LENGTH, description: 'As in the JSON body' },
                reply_to_id: { type: 'string', pattern: '^[0-9a-fA-F]{24}$', description: 'As in the JSON body' },
                file: { type: 'array', maxItems: MAX_ATTACHMENTS_PER_MESSAGE, items: { type: 'string', format: 'binary' } },
              },
            },
            encoding: { file: { contentType: 'application/octet-stream' } },
          },
        },
      },
    }),
    ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'A file is over the limit for its detected type; nothing is kept' }),
  );
}
