/**
 * The error bodies the management API answers. Two sources answer errors: the functions, through
 * the HTTP edge's `errorResponse` (`{ error: { code, message, ... } }`, `code` being the error class),
 * and API Gateway itself before any function runs (`{ message }`: a missing or wrong token, a body
 * over the payload limit, a function that crashed or timed out).
 */
import { z } from 'zod';

export const fieldIssue = z.strictObject({
  field: z.string().meta({ description: 'The field, dotted for nested ones (e.g. `variants.x-main.text`), or `body`, `query`, `path`' }),
  message: z.string().meta({ description: 'What is wrong and how to fix it' }),
}).meta({ id: 'FieldIssue' });

const errorOf = <const Codes extends readonly [string, ...string[]]>(id: string, codes: Codes, description: string) =>
  z.strictObject({
    error: z.strictObject({ code: z.enum(codes), message: z.string() }),
  }).meta({ id, description });

export const validationError = z.strictObject({
  error: z.strictObject({
    code: z.literal('ValidationError'),
    message: z.string(),
    issues: z.array(fieldIssue).min(1).meta({ description: 'One entry per wrong field' }),
  }),
}).meta({ id: 'ValidationError', description: 'The input is wrong; each issue names the field and how to fix it' });

export const unauthorizedError = errorOf('UnauthorizedError', ['UnauthorizedError'], 'The function refused the caller (a token without the brand claim, a webhook signature that does not verify)');
export const forbiddenError = errorOf('ForbiddenError', ['ForbiddenError'], 'Authenticated, but not allowed to do this');
export const notFoundError = errorOf('NotFoundError', ['NotFoundError'], "Not found, or another brand's");
export const conflictError = errorOf(
  'ConflictError', ['ConflictError', 'DuplicateRequestError'],
  'The resource is not in a state that allows this, or changed meanwhile (ConflictError); an Idempotency-Key in use by a request still running (DuplicateRequestError)',
);
export const unsupportedMediaTypeError = errorOf('UnsupportedMediaTypeError', ['UnsupportedMediaTypeError'], 'The body is not of a content type this operation reads');

export const internalError = z.strictObject({
  error: z.strictObject({
    code: z.literal('InternalError'),
    message: z.string(),
    requestId: z.string().optional().meta({ description: 'Quote it when reporting the error' }),
  }),
}).meta({ id: 'InternalError', description: 'The function failed; details are in its log under the request id' });

/** What API Gateway answers by itself, e.g. `{"message":"Unauthorized"}`. */
export const gatewayError = z.strictObject({ message: z.string() }).meta({ id: 'GatewayError', description: 'Answered by API Gateway before or instead of the function' });
