import { ApiProperty } from '@nestjs/swagger';
export class ErrorDetail {
  /** Dotted path of the offending field, or the query parameter name. */
  field: string;
  message: string;
  /** The values the field may take instead (an illegal status transition lists the allowed next states; empty when the state is final). */
  allowed?: string[];
}

/** The one error shape every endpoint returns. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer' })
  statusCode: number;
  error: string;
  message: string;
  details: ErrorDetail[];
  requestId: string;
}
