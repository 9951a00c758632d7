import { BadRequestException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { createValidationPipe } from './validation.pipe';

class AddressDto {
  @IsOptional() @IsString()
  city?: string;
}

class UpdateThingDto {
  @IsOptional() @IsBoolean()
  is_active?: boolean;

  // Spec files are outside the swagger plugin's reach, so both nullable fields say it explicitly.
  @ApiProperty({ required: false, nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString()
  note?: string | null;

  @ApiProperty({ required: false, nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString()
  label?: string | null;

  @IsOptional() @ValidateNested() @Type(() => AddressDto)
  address?: AddressDto;
}

describe('validation pipe', () => {
  const pipe = createValidationPipe();
  const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: UpdateThingDto });
  const fieldsOf = async (body: unknown) => {
    const error = await validate(body).then(() => undefined, (e: BadRequestException) => e);
    return (error?.getResponse() as { details?: { field: string; message: string }[] } | undefined)?.details;
  };

  it('rejects null for a field the DTO does not declare nullable, naming the field', async () => {
    expect(await fieldsOf({ is_active: null })).toEqual([
      { field: 'is_active', message: 'is_active must not be null; omit it to leave the value unchanged' },
    ]);
  });

  it('accepts null where the DTO documents it nullable', async () => {
    await expect(validate({ note: null, label: null })).resolves.toEqual(expect.objectContaining({ note: null, label: null }));
  });

  it('reports a null inside a nested DTO with its path', async () => {
    expect(await fieldsOf({ address: { city: null } })).toEqual([
      { field: 'address.city', message: 'city must not be null; omit it to leave the value unchanged' },
    ]);
  });

  it('leaves absent fields alone', async () => {
    await expect(validate({})).resolves.toBeInstanceOf(UpdateThingDto);
  });
});
