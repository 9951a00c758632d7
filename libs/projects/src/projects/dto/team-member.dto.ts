import { IsMongoId } from 'class-validator';

export class AddTeamMemberDto {
  /**
   * An active user of any role.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsMongoId()
  user_id: string;
}
