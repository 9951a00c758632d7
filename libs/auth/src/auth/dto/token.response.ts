import { UserResponse } from '../../users/dto/user.response';

import { ApiProperty } from '@nestjs/swagger';

export class TokenResponse {
  /** A JWT for `Authorization: Bearer`. */
  access_token: string;
  /** Opaque; rotate it through /auth/refresh. Presenting a spent one ends the whole session. */
  refresh_token: string;
  @ApiProperty({ enum: ['Bearer'] })
  token_type: 'Bearer';
  /** Access token lifetime in seconds. */
  @ApiProperty({ type: 'integer', minimum: 1 })
  expires_in: number;
  user: UserResponse;
}
