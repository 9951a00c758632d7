import { IsString, Length } from 'class-validator';
import { IsPasswordPolicy } from '../../users/dto/password-policy';

export class ChangePasswordDto {
  @IsString() @Length(1, 128)
  current_password: string;

  /**
   * At least 12 characters with upper- and lower-case letters, a digit and a symbol.
   * @example 'Corr3ct-Horse-Battery!'
   */
  @IsPasswordPolicy()
  new_password: string;
}
