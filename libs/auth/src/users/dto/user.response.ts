import { Role } from '../../role';

export class UserResponse {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  role: Role;
  department: string | null;
  phone: string | null;
  is_active: boolean;
  last_login_at: Date | null;
  /** Sign-in asks for a TOTP code after the password. */
  two_factor_enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A user as embedded in other resources (populate) and shown to any staff member. */
export class UserSummaryResponse {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  role: Role;
}

export const USER_SUMMARY_FIELDS = ['first_name', 'last_name', 'email', 'role'];
