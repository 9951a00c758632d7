import { UserResponse } from '../../users/dto/user.response';

export class TokenResponse {
  access_token: string;
  /** Opaque; rotate it through /auth/refresh. Presenting a spent one ends the whole session. */
  refresh_token: string;
  token_type: 'Bearer';
  /** Access token lifetime in seconds. */
  expires_in: number;
  user: UserResponse;
}
