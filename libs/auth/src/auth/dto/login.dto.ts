import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { toLowerTrimmed } from '../../users/dto/create-user.dto';

export class LoginDto {
  @Transform(toLowerTrimmed) @IsEmail() @MaxLength(254)
  email: string;

  @IsString() @Length(1, 128)
  password: string;
}
