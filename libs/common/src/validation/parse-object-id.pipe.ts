import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { isValidObjectId } from 'mongoose';
import { fieldError } from '../errors/api-exception';

/** `:id` route params must be 24-hex ObjectIds; anything else is the caller's mistake (400). */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !/^[0-9a-fA-F]{24}$/.test(value) || !isValidObjectId(value)) {
      throw fieldError(metadata.data ?? 'id', 'must be a 24-character hex ObjectId');
    }
    return value.toLowerCase();
  }
}
