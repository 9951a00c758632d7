import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { toLowerTrimmed } from '../../users/dto/create-user.dto';

export class LoginDto {
  @Transform(toLowerTrimmed) @IsEmail() @MaxLength(254)
  email: string;

  /** @example 'Corr3ct-Horse-Battery!' */
  @IsString() @Length(1, 128)
  password: string;
}
