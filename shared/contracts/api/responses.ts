/**
 * What each operation of the route catalogue (routes.ts) answers: every status with its body
 * schema. openapi.ts combines the two into the document, and the conformance test
 * (test/e2e/openapi-conformance.test.ts) holds the real handlers to it.
 *
 * Statuses every management operation can answer come from the HTTP edge (shared/middleware/http.ts):
 * 400 for a body that is not JSON or an input that fails its schema, 401 from API Gateway's JWT
 * authorizer (or a token without the brand claim), 500 when the function fails. An operation that
 * changes anything answers 403 when none of the caller's groups has the access its route names.
 * API Gateway answers 413 by itself for a request body over its payload limit, and 429 when it
 * throttles.
 */
import { z } from 'zod';
import { routes } from './routes.js';
import {
  conflictError, forbiddenError, gatewayError, internalError, notFoundError, unauthorizedError, unsupportedMediaTypeError, validationError,
} from './response-bodies/errors.js';
import {
  calendar, createdImport, importJob, importSummary, postGroup, postPage, publicPost, queuePause, queueResume,
} from './response-bodies/publishing.js';
import { account, accountList, accountQueue } from './response-bodies/accounts.js';
import {
  campaign, campaignList, queueSuggestions, receivedConversion, report, reportList, rollups,
} from './response-bodies/analytics.js';

export interface DocumentedResponse {
  readonly description: string;
  /** Media type → schema of the body; absent for a response without one. */
  readonly content?: Readonly<Record<string, z.ZodType>>;
  /** Response headers by name. */
  readonly headers?: z.ZodObject;
  /** Registers the response under components/responses, for the ones many operations share. */
  readonly id?: string;
}

export type OperationResponses = Readonly<Record<number, DocumentedResponse>>;

const json = (description: string, schema: z.ZodType): DocumentedResponse => ({ description, content: { 'application/json': schema } });

const badRequest: DocumentedResponse = {
  ...json('The input is wrong (or the body is not JSON); each issue names the field and how to fix it', validationError), id: 'BadRequest',
};
const unauthorized: DocumentedResponse = {
  ...json('Missing or invalid bearer token: API Gateway answers `{"message":"Unauthorized"}`', z.union([gatewayError, unauthorizedError])), id: 'Unauthorized',
};
const forbidden: DocumentedResponse = { ...json('The caller may not do this (see the message)', forbiddenError), id: 'Forbidden' };
const notFound: DocumentedResponse = { ...json("Not found, or another brand's", notFoundError), id: 'NotFound' };
const conflict: DocumentedResponse = { ...json('The resource is not in a state that allows this, or it changed meanwhile', conflictError), id: 'Conflict' };
const payloadTooLarge: DocumentedResponse = { ...json('The request body is over the payload limit; API Gateway answers it', gatewayError), id: 'PayloadTooLarge' };
const tooManyRequests: DocumentedResponse = { ...json('Throttled by API Gateway; retry later', gatewayError), id: 'TooManyRequests' };
const serverError: DocumentedResponse = {
  ...json('The function failed or timed out; quote the request id when reporting it', z.union([internalError, gatewayError])), id: 'ServerError',
};

/** What every management operation (httpHandler) can answer besides its own statuses. */
const managed = { 400: badRequest, 401: unauthorized, 429: tooManyRequests, 500: serverError } as const;
/** And those with a request body. */
const managedWithBody = { ...managed, 413: payloadTooLarge } as const;

export const responses = {
  createPost: {
    201: {
      ...json('The post, scheduled (or in review, or a draft); a retry with the same Idempotency-Key answers the first post again', publicPost),
      headers: z.object({
        'Idempotent-Replayed': z.literal('true').optional().meta({ description: 'Present when an earlier request with this Idempotency-Key created the post' }),
      }),
    },
    ...managedWithBody,
    403: forbidden,
    409: conflict,
  },
  createPostGroup: { 201: json('One post per account, sharing a groupId', postGroup), ...managedWithBody, 409: conflict, 403: forbidden },
  importPosts: {
    200: json('How many rows were imported, and each rejected row with its line and reasons', importSummary),
    ...managedWithBody,
    415: { ...json('The body is not a CSV file (send Content-Type: text/csv)', unsupportedMediaTypeError), id: 'UnsupportedMediaType' },
    403: forbidden,
  },
  createImport: { 201: json('The import and the presigned URL to PUT its CSV to', createdImport), ...managedWithBody, 403: forbidden },
  getImport: { 200: json('The import: its state, counts and first rejected rows', importJob), ...managed, 404: notFound },
  listPosts: { 200: json("A page of the brand's posts, newest first", postPage), ...managed },
  getPost: { 200: json('The post', publicPost), ...managed, 404: notFound },
  editPost: { 200: json('The post as edited', publicPost), ...managedWithBody, 404: notFound, 409: conflict, 403: forbidden },
  cancelPost: { 200: json('The cancelled post', publicPost), ...managed, 404: notFound, 409: conflict, 403: forbidden },
  submitPost: { 200: json('The post, in review (or scheduled where no approval is required)', publicPost), ...managed, 404: notFound, 409: conflict, 403: forbidden },
  approvePost: { 200: json('The post, scheduled', publicPost), ...managed, 403: forbidden, 404: notFound, 409: conflict },
  rejectPost: { 200: json('The post, back in draft with the note', publicPost), ...managedWithBody, 404: notFound, 409: conflict, 403: forbidden },
  getCalendar: { 200: json('The posts of the period, grouped', calendar), ...managed },
  getQueue: { 200: json("The queue's pause state", queuePause), ...managed },
  pauseQueue: { 200: json('The pause state (unchanged when the queue was already paused)', queuePause), ...managedWithBody, 403: forbidden },
  resumeQueue: { 200: json('Whether the queue resumed, and what happened to the held posts', queueResume), ...managed, 403: forbidden },
  getSettings: { 200: json("The brand's publishing settings", routes.putSettings.body), ...managed },
  putSettings: { 200: json('The settings as stored', routes.putSettings.body), ...managedWithBody, 403: forbidden },
  createAccount: {
    201: json('The connected account', account),
    ...managedWithBody,
    403: forbidden,
    409: { ...json('The brand already has an account with this id; an admin re-points it with PUT /accounts/{accountId}', conflictError), id: 'AccountExists' },
  },
  repointAccount: {
    200: json('The account as re-pointed', account),
    ...managedWithBody,
    403: forbidden,
    404: notFound,
    409: { ...json("The body names another network than the account's own; connect a new account id for it", conflictError), id: 'OtherNetwork' },
  },
  getAccountQueue: { 200: json("The account's weekly slots and the next ones", accountQueue), ...managed, 404: notFound },
  putAccountQueue: { 200: json("The account's weekly slots as stored, and the next ones", accountQueue), ...managedWithBody, 404: notFound, 403: forbidden },
  listAccounts: { 200: json("The brand's accounts", accountList), ...managed },
  suggestQueueSlots: { 200: json('The best weekly slots, or why there is not enough history yet', queueSuggestions), ...managed, 404: notFound },
  getRollups: { 200: json('Posts and audience summed by period', rollups), ...managed },
  getAnalyticsSettings: { 200: json("The brand's analytics settings", routes.putAnalyticsSettings.body), ...managed },
  putAnalyticsSettings: { 200: json('The settings as stored', routes.putAnalyticsSettings.body), ...managedWithBody, 403: forbidden },
  createReport: { 201: json('The report, built, stored and mailed', report), ...managedWithBody, 403: forbidden },
  listReports: { 200: json("The brand's last 50 reports, newest first", reportList), ...managed },
  getReport: { 200: json('The report', report), ...managed, 404: notFound },
  getReportFile: {
    200: { description: 'The file: index.html or one of the CSVs', content: { 'text/html': z.string(), 'text/csv': z.string() } },
    ...managed,
    404: notFound,
  },
  openApi: {
    200: json('This document', z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string() }), paths: z.record(z.string(), z.unknown()) })),
    429: tooManyRequests,
    500: serverError,
  },
  putCampaign: { 200: json('The campaign as stored', campaign), ...managedWithBody, 403: forbidden },
  listCampaigns: { 200: json("The brand's campaigns", campaignList), ...managed },
  getCampaign: { 200: json('The campaign', campaign), ...managed, 404: notFound },
  conversionWebhook: {
    201: json('Stored', receivedConversion),
    200: json('Already stored earlier: a duplicate delivery, which the sender may stop retrying', receivedConversion),
    400: badRequest,
    401: { ...json('The signature does not verify (or the brand has no signing secret)', unauthorizedError), id: 'SignatureRejected' },
    413: payloadTooLarge,
    429: tooManyRequests,
    500: serverError,
  },
} as const satisfies Record<keyof typeof routes, OperationResponses>;
