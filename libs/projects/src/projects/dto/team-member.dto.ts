import { IsMongoId } from 'class-validator';

export class AddTeamMemberDto {
  /** An active user of any role. */
  @IsMongoId()
  user_id: string;
}
