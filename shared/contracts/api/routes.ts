/**
 * The management API's route catalogue. CDK adds each route from here and /openapi.json is
 * generated from here, so the deployed API, the local runtime and the document cannot disagree.
 */
import type { z } from 'zod';
import type { Access } from '../auth.js';
import {
  accountIdPath, calendarQuery, createImportBody, createPostInput, editPostInput, importIdPath, importPostsQuery,
  listPostsQuery, pauseQueueInput, postGroupInput, postIdPath, queueInput, rejectPostInput,
} from './publishing.js';
import { brandSettingsInput, createAccountInput, repointAccountInput } from './settings.js';
import {
  analyticsSettingsInput, campaignInput, campaignNamePath, conversionInput, createReportInput, reportFilePath, reportIdPath, rollupsQuery,
} from './analytics.js';

interface RouteBase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly path: string;
  readonly summary: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly path_?: z.ZodType;
  /** Accepts an Idempotency-Key header: a retried request returns the first result. */
  readonly idempotent?: boolean;
}

/**
 * Management routes need a brand-scoped bearer token and name the access they need (auth.ts),
 * which the HTTP edge checks before the handler runs; only documentation and webhooks are open.
 */
export type RouteSpec = RouteBase & ({ readonly auth: true; readonly access: Access } | { readonly auth: false });

export const routes = {
  createPost: { method: 'POST', path: '/posts', summary: 'Schedule a post on a connected account', auth: true, access: 'write', body: createPostInput, idempotent: true },
  createPostGroup: {
    method: 'POST', path: '/post-groups', auth: true, access: 'write', body: postGroupInput, idempotent: true,
    summary: 'One message for several accounts, with per-network variants; accepted whole (one post per account) or refused with every reason',
  },
  importPosts: {
    method: 'POST', path: '/posts/import', auth: true, access: 'write', query: importPostsQuery,
    summary: 'Import posts from a CSV file (body text/csv; columns in the README): good rows are scheduled, each bad row is reported with its line and reasons',
  },
  createImport: {
    method: 'POST', path: '/imports', auth: true, access: 'write', body: createImportBody,
    summary: 'Start an asynchronous CSV import for big files: answers a presigned URL to PUT the CSV to (text/csv, 15 minutes); the upload is imported in the background',
  },
  getImport: {
    method: 'GET', path: '/imports/{importId}', auth: true, access: 'read', path_: importIdPath,
    summary: 'An asynchronous import: its state (waiting_for_upload, importing, done, failed), counts, first rejected rows and a link to errors.csv',
  },
  listPosts: { method: 'GET', path: '/posts', summary: "List the brand's posts, newest first", auth: true, access: 'read', query: listPostsQuery },
  getPost: { method: 'GET', path: '/posts/{postId}', summary: 'Get one post and its publishing state', auth: true, access: 'read', path_: postIdPath },
  editPost: {
    method: 'PATCH', path: '/posts/{postId}', auth: true, access: 'write', path_: postIdPath, body: editPostInput,
    summary: 'Edit a post before it goes out (null clears a field); an approved post goes back to review where approval is required',
  },
  cancelPost: { method: 'DELETE', path: '/posts/{postId}', summary: 'Cancel a post that has not gone out; its trigger is removed', auth: true, access: 'write', path_: postIdPath },
  submitPost: { method: 'POST', path: '/posts/{postId}/submit', summary: 'Submit a draft for review (or schedule it where no approval is required)', auth: true, access: 'write', path_: postIdPath },
  approvePost: { method: 'POST', path: '/posts/{postId}/approve', summary: 'Approve a post in review, which schedules it; not by its author', auth: true, access: 'review', path_: postIdPath },
  rejectPost: { method: 'POST', path: '/posts/{postId}/reject', summary: 'Send a post in review back to draft with a note', auth: true, access: 'review', path_: postIdPath, body: rejectPostInput },
  getCalendar: {
    method: 'GET', path: '/calendar', auth: true, access: 'read', query: calendarQuery,
    summary: 'Posts between two instants grouped by day (in the brand time zone), channel or campaign',
  },
  getQueue: { method: 'GET', path: '/queue', summary: "Whether the brand's publishing queue is paused, why and since when", auth: true, access: 'read' },
  pauseQueue: { method: 'POST', path: '/queue/pause', summary: 'Pause publishing (crisis mode): due posts are held', auth: true, access: 'write', body: pauseQueueInput },
  resumeQueue: { method: 'POST', path: '/queue/resume', summary: 'Resume publishing; held posts are rescheduled by the stated policy', auth: true, access: 'write' },
  getSettings: { method: 'GET', path: '/settings', summary: "The brand's publishing settings", auth: true, access: 'read' },
  putSettings: { method: 'PUT', path: '/settings', summary: "Replace the brand's publishing settings (approval required, time zone)", auth: true, access: 'admin', body: brandSettingsInput },
  createAccount: {
    method: 'POST', path: '/accounts', auth: true, access: 'admin', body: createAccountInput,
    summary: 'Connect a network account to the brand (admin group); an id the brand already has answers 409: re-point it with PUT /accounts/{accountId}',
  },
  repointAccount: {
    method: 'PUT', path: '/accounts/{accountId}', auth: true, access: 'admin', path_: accountIdPath, body: repointAccountInput,
    summary: "Re-point one of the brand's accounts (admin group): its handle, base URL and external id; the network stays. 404 when the brand has no such account",
  },
  getAccountQueue: {
    method: 'GET', path: '/accounts/{accountId}/queue', auth: true, access: 'read', path_: accountIdPath,
    summary: "An account's weekly queue slots and which of the next ones are taken",
  },
  putAccountQueue: {
    method: 'PUT', path: '/accounts/{accountId}/queue', auth: true, access: 'write', path_: accountIdPath, body: queueInput,
    summary: "Set an account's weekly queue slots (time zone + day/time list); POST /posts with queue: true fills them",
  },
  listAccounts: { method: 'GET', path: '/accounts', summary: "List the brand's connected network accounts", auth: true, access: 'read' },
  suggestQueueSlots: {
    method: 'GET', path: '/accounts/{accountId}/queue/suggestions', auth: true, access: 'read', path_: accountIdPath,
    summary: "The account's best weekly slots from its own last 16 weeks, in the queue's format (or why there is not enough history yet)",
  },
  getRollups: {
    method: 'GET', path: '/analytics/rollups', auth: true, access: 'read', query: rollupsQuery,
    summary: "The brand's posts summed by day, week or month (in its time zone) per channel, campaign or content pillar, with each bucket's KPIs and missing counts; and its audience by the same periods",
  },
  getAnalyticsSettings: { method: 'GET', path: '/analytics/settings', summary: "The brand's analytics settings: snapshot ages after publishing, report recipients", auth: true, access: 'read' },
  putAnalyticsSettings: {
    method: 'PUT', path: '/analytics/settings', auth: true, access: 'admin', body: analyticsSettingsInput,
    summary: "Replace the brand's analytics settings (admin group): snapshot ages such as 1h, 24h, 7d, 30d, and who gets the weekly report",
  },
  createReport: {
    method: 'POST', path: '/reports', auth: true, access: 'write', body: createReportInput,
    summary: 'Build a report for a period (default: the last 7 full days in the brand time zone): HTML with charts plus CSVs, stored and mailed',
  },
  listReports: { method: 'GET', path: '/reports', summary: "The brand's reports, newest first", auth: true, access: 'read' },
  getReport: { method: 'GET', path: '/reports/{reportId}', summary: 'One report: its period, files and where they are stored', auth: true, access: 'read', path_: reportIdPath },
  getReportFile: {
    method: 'GET', path: '/reports/{reportId}/files/{name}', auth: true, access: 'read', path_: reportFilePath,
    summary: "One of a report's files: index.html or a CSV of the numbers behind a chart or table",
  },
  openApi: { method: 'GET', path: '/openapi.json', summary: 'This document', auth: false },
  putCampaign: {
    method: 'PUT', path: '/campaigns/{name}', auth: true, access: 'write', path_: campaignNamePath, body: campaignInput,
    summary: 'Create or replace a campaign (name as in utm_campaign) with its cost, currency and optional dates',
  },
  listCampaigns: { method: 'GET', path: '/campaigns', summary: "List the brand's campaigns with their cost", auth: true, access: 'read' },
  getCampaign: { method: 'GET', path: '/campaigns/{name}', summary: 'Get one campaign with its cost', auth: true, access: 'read', path_: campaignNamePath },
  conversionWebhook: {
    method: 'POST', path: '/webhooks/conversions/{brandId}', auth: false, body: conversionInput,
    summary: 'Report a conversion (Standard Webhooks signature; body in shared/contracts/api/analytics.ts); stored once per conversion',
  },
} as const satisfies Record<string, RouteSpec>;

export const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;
