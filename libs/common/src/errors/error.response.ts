export class ErrorDetail {
  /** Dotted path of the offending field, or the query parameter name. */
  field: string;
  message: string;
}

/** The one error shape every endpoint returns. */
export class ErrorResponse {
  statusCode: number;
  error: string;
  message: string;
  details: ErrorDetail[];
  requestId: string;
}
