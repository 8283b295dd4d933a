/**
 * The management API's route catalogue. CDK adds each route from here and /openapi.json is
 * generated from here, so the deployed API, the local runtime and the document cannot disagree.
 */
import { z } from 'zod';
import { createPostInput } from '../publishing/create-post.js';
import { POST_STATUSES } from '../publishing/post.js';
import { createAccountInput } from '../accounts/create-account.js';

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly path: string;
  readonly summary: string;
  /** Management routes need a brand-scoped bearer token; only documentation and webhooks are open. */
  readonly auth: boolean;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly path_?: z.ZodType;
  /** Accepts an Idempotency-Key header: a retried request returns the first result. */
  readonly idempotent?: boolean;
}

export const listPostsQuery = z.object({
  status: z.enum(POST_STATUSES, { error: `must be one of ${POST_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce.number({ error: 'must be a number from 1 to 100' }).int().min(1).max(100).optional(),
  cursor: z.string().optional(),
}).strict();

export const postIdPath = z.object({ postId: z.string().min(1) });

export const routes = {
  createPost: { method: 'POST', path: '/posts', summary: 'Schedule a post on a connected account', auth: true, body: createPostInput, idempotent: true },
  listPosts: { method: 'GET', path: '/posts', summary: "List the brand's posts, newest first", auth: true, query: listPostsQuery },
  getPost: { method: 'GET', path: '/posts/{postId}', summary: 'Get one post and its publishing state', auth: true, path_: postIdPath },
  createAccount: { method: 'POST', path: '/accounts', summary: 'Connect a network account to the brand', auth: true, body: createAccountInput },
  listAccounts: { method: 'GET', path: '/accounts', summary: "List the brand's connected network accounts", auth: true },
  openApi: { method: 'GET', path: '/openapi.json', summary: 'This document', auth: false },
} as const satisfies Record<string, RouteSpec>;

export const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;
