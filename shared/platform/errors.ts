/**
 * Typed errors shared by every pillar. The HTTP edge maps them to status codes;
 * `expose` says whether the message may reach the caller (5xx details never do).
 */
export class PillarsError extends Error {
  readonly statusCode: number;
  readonly expose: boolean;
  constructor(message: string, statusCode: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.expose = statusCode < 500;
  }
}

/** One or more input fields are wrong; each issue names the field and how to fix it. */
export class ValidationError extends PillarsError {
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], options?: ErrorOptions) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '), 400, options);
    this.issues = issues;
  }
}

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class UnauthorizedError extends PillarsError {
  constructor(message = 'missing or invalid bearer token', options?: ErrorOptions) {
    super(message, 401, options);
  }
}

/** Also used for another brand's resources, so their existence is not revealed. */
export class NotFoundError extends PillarsError {
  constructor(what: string, options?: ErrorOptions) {
    super(`${what} not found`, 404, options);
  }
}

/** Authenticated, but not allowed to do this. */
export class ForbiddenError extends PillarsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 403, options);
  }
}

export class ConflictError extends PillarsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 409, options);
  }
}

/** An event on the bus does not match its catalogue schema: it must reach the dead-letter queue, not be dropped. */
export class MalformedEventError extends PillarsError {
  constructor(detailType: string, reason: string, options?: ErrorOptions) {
    super(`malformed ${detailType} event: ${reason}`, 400, options);
  }
}

/** Configuration missing at cold start; fail fast with the key name. */
export class ConfigError extends PillarsError {
  constructor(message: string) {
    super(message, 500);
  }
}
