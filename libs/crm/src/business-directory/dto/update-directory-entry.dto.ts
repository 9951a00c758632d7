import { PartialType } from '@nestjs/swagger';
import { CreateDirectoryEntryDto } from './create-directory-entry.dto';

/** `null` clears an optional field. A converted entry keeps its status. */
export class UpdateDirectoryEntryDto extends PartialType(CreateDirectoryEntryDto) {}
