export class NotificationTypeResponse {
  id: string;
  key: string;
  name: string;
  description: string | null;
  title_template: string;
  body_template: string;
  /** Placeholders the event behind a built-in type provides; null for custom types. */
  available_placeholders: string[] | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}
