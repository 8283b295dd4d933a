/**
 * The XRPC methods the Bluesky stand-in serves, as functions of the state and one request. Inputs,
 * outputs and error names follow the lexicons (lexicons/com/atproto/...) and the reference PDS:
 * errors are `{ error, message }` with 400 InvalidRequest / ExpiredToken / InvalidToken /
 * RecordNotFound, 401 AuthenticationRequired. A createRecord on an existing record key answers
 * 500 InternalServerError, as the PDS does today (bluesky-social/atproto#3718).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { accountEngagementAt, postEngagementAt } from '../engagement.js';
import { assertValidPost, InvalidRecord } from './records.js';
import type { BlueskyState, BskyAccount, StoredRecord } from './state.js';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface XrpcRequest {
  readonly method: string;
  readonly nsid: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly token: string | undefined;
}

type Obj = Record<string, unknown>;

export const xrpcError = (status: number, error: string, message: string): Reply => ({ status, body: { error, message } });
const invalid = (message: string, error = 'InvalidRequest'): Reply => xrpcError(400, error, message);
const RKEY = /^[A-Za-z0-9._:~-]{1,512}$/;
const POST = 'app.bsky.feed.post';
const MAX_BLOB_BYTES = 50 * 1024 * 1024;

/** NSIDs that write to the repo, with their rate-limit cost in points (CREATE 3, DELETE 1). */
export const WRITE_COSTS: Readonly<Record<string, number>> = { 'com.atproto.repo.createRecord': 3, 'com.atproto.repo.deleteRecord': 1 };

export function handleXrpc(state: BlueskyState, req: XrpcRequest, auth: BskyAccount | Reply): Reply {
  const { nsid, query } = req;
  const needs = (method: 'GET' | 'POST'): Reply | undefined =>
    req.method === method ? undefined : invalid(`Incorrect HTTP method (${req.method}) expected ${method}`);

  switch (nsid) {
    case 'com.atproto.server.createSession':
      return needs('POST') ?? createSession(state, json(req));
    case 'com.atproto.server.refreshSession':
      return needs('POST') ?? refreshSession(state, req.token);
    case 'com.atproto.identity.resolveHandle': {
      const account = state.byIdentifier(query.get('handle') ?? '');
      return needs('GET') ?? (account ? { status: 200, body: { did: account.did } } : invalid('Unable to resolve handle'));
    }
    case 'com.atproto.repo.describeRepo': {
      const account = state.byIdentifier(query.get('repo') ?? '');
      if (!account) return invalid(`Could not find repo: ${query.get('repo')}`, 'RepoNotFound');
      const collections = [...new Set([...state.records.values()].filter((r) => r.did === account.did).map((r) => r.collection))];
      return needs('GET') ?? { status: 200, body: { handle: account.handle, did: account.did, didDoc: didDoc(account), collections, handleIsCorrect: true } };
    }
    case 'com.atproto.repo.getRecord':
      return needs('GET') ?? getRecord(state, query);
    case 'com.atproto.repo.listRecords':
      return needs('GET') ?? listRecords(state, query);
    default:
  }
  if (!('did' in auth)) return auth;
  switch (nsid) {
    case 'com.atproto.server.getSession':
      return needs('GET') ?? { status: 200, body: { did: auth.did, handle: auth.handle, active: true } };
    case 'com.atproto.repo.createRecord':
      return needs('POST') ?? createRecord(state, auth, json(req));
    case 'com.atproto.repo.deleteRecord': {
      const wrongMethod = needs('POST');
      if (wrongMethod) return wrongMethod;
      const input = json(req);
      if (state.byIdentifier(String(input.repo))?.did !== auth.did) return xrpcError(401, 'AuthenticationRequired', 'Authentication Required');
      state.records.delete(state.uri(auth.did, String(input.collection), String(input.rkey)));
      return { status: 200, body: {} };
    }
    case 'app.bsky.feed.getPosts':
      return needs('GET') ?? getPosts(state, query);
    case 'app.bsky.actor.getProfile':
      return needs('GET') ?? getProfile(state, query);
    case 'com.atproto.repo.uploadBlob': {
      const wrongMethod = needs('POST');
      if (wrongMethod) return wrongMethod;
      const mimeType = String(req.headers['content-type'] ?? '*/*').split(';')[0]?.trim() ?? '*/*';
      if (req.raw.length > MAX_BLOB_BYTES) return invalid(`This file is too large. It is ${req.raw.length} bytes, the limit is ${MAX_BLOB_BYTES}.`, 'BlobTooLarge');
      const blob = state.addBlob(auth.did, req.raw, mimeType);
      return { status: 200, body: { blob: { $type: 'blob', ref: { $link: blob.cid }, mimeType, size: blob.size } } };
    }
    default:
      return xrpcError(501, 'MethodNotImplemented', `Method Not Implemented: ${nsid}`);
  }
}

function json(req: XrpcRequest): Obj {
  const parsed: unknown = req.raw.length ? JSON.parse(req.raw.toString('utf8')) : {};
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('Input must be an object');
  return parsed as Obj;
}

function didDoc(account: BskyAccount): Obj {
  return { '@context': ['https://www.w3.org/ns/did/v1'], id: account.did, alsoKnownAs: [`at://${account.handle}`] };
}

function createSession(state: BlueskyState, input: Obj): Reply {
  const account = typeof input.identifier === 'string' ? state.byIdentifier(input.identifier) : undefined;
  if (!account || input.password !== account.password) return xrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
  return { status: 200, body: { did: account.did, handle: account.handle, ...state.createSession(account), active: true } };
}

function refreshSession(state: BlueskyState, token: string | undefined): Reply {
  const verified = state.verify(token, 'refresh');
  if (verified === 'Revoked') return invalid('Token has been revoked', 'ExpiredToken');
  if (verified === 'ExpiredToken') return invalid('Token has expired', 'ExpiredToken');
  if (verified === 'AuthenticationRequired') return xrpcError(401, 'AuthenticationRequired', 'Authentication Required');
  if (verified === 'InvalidToken') return invalid('Token could not be verified', 'InvalidToken');
  return { status: 200, body: { did: verified.did, handle: verified.handle, ...state.rotate(token ?? '', verified), active: true } };
}

function view(record: StoredRecord): Obj {
  return { uri: record.uri, cid: record.cid, value: record.value };
}

function getRecord(state: BlueskyState, query: URLSearchParams): Reply {
  const repo = query.get('repo') ?? '';
  const account = state.byIdentifier(repo);
  if (!account) return invalid(`Could not find repo: ${repo}`, 'RepoNotFound');
  const uri = state.uri(account.did, query.get('collection') ?? '', query.get('rkey') ?? '');
  const record = state.records.get(uri);
  const cid = query.get('cid');
  if (!record || (cid && cid !== record.cid)) return invalid(`Could not locate record: ${uri}`, 'RecordNotFound');
  return { status: 200, body: view(record) };
}

function listRecords(state: BlueskyState, query: URLSearchParams): Reply {
  const repo = query.get('repo') ?? '';
  const account = state.byIdentifier(repo);
  if (!account) return invalid(`Could not find repo: ${repo}`, 'RepoNotFound');
  const limit = query.has('limit') ? Number(query.get('limit')) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalid('Error: limit must be between 1 and 100');
  const reverse = query.get('reverse') === 'true';
  const cursor = query.get('cursor');
  const all = state.list(account.did, query.get('collection') ?? '', reverse);
  const after = cursor ? all.filter((r) => (reverse ? r.rkey > cursor : r.rkey < cursor)) : all;
  const page = after.slice(0, limit);
  const last = page.at(-1);
  return { status: 200, body: { records: page.map(view), ...(last && after.length > limit ? { cursor: last.rkey } : {}) } };
}

function createRecord(state: BlueskyState, auth: BskyAccount, input: Obj): Reply {
  if (typeof input.repo !== 'string' || state.byIdentifier(input.repo)?.did !== auth.did) {
    return xrpcError(401, 'AuthenticationRequired', 'Authentication Required');
  }
  const collection = input.collection;
  if (collection !== POST) return invalid(`The Pillars Bluesky stand-in only stores ${POST} records, not ${String(collection)}`);
  if (!input.record || typeof input.record !== 'object' || Array.isArray(input.record)) return invalid('Input must have the property "record"');
  const record = { $type: POST, ...(input.record as Obj) };
  const rkey = input.rkey === undefined ? state.nextTid() : input.rkey;
  if (typeof rkey !== 'string' || !RKEY.test(rkey) || rkey === '.' || rkey === '..') return invalid(`Invalid record key: ${String(rkey)}`);
  if (input.validate !== false) {
    try {
      assertValidPost(state, auth.did, record);
    } catch (error) {
      if (error instanceof InvalidRecord) return invalid(error.message);
      throw error;
    }
  }
  // The reference PDS fails inside the repo write when the key is taken: a 500, not a conflict.
  if (state.records.has(state.uri(auth.did, POST, rkey))) return xrpcError(500, 'InternalServerError', 'Internal Server Error');
  const stored = state.putRecord(auth.did, POST, rkey, record);
  return { status: 200, body: { uri: stored.uri, cid: stored.cid, commit: { cid: stored.cid, rev: state.nextTid() }, validationStatus: 'valid' } };
}

/**
 * app.bsky.feed.getPosts (an AppView method the PDS proxies): up to 25 `uris`, answered with the
 * hydrated postViews of those that exist, counts from the seeded engagement curve by the post's age.
 */
function getPosts(state: BlueskyState, query: URLSearchParams): Reply {
  const uris = query.getAll('uris');
  if (uris.length === 0) return invalid('Error: Params must have the property "uris"');
  if (uris.length > 25) return invalid('Error: uris must not have more than 25 elements');
  const posts = uris.flatMap((uri) => {
    const record = state.records.get(uri);
    const author = record ? state.accounts.get(record.did) : undefined;
    if (!record || !author || record.collection !== POST) return [];
    const engagement = postEngagementAt(uri, state.now() - Date.parse(record.indexedAt));
    return [{
      uri, cid: record.cid, author: { did: author.did, handle: author.handle, labels: [] }, record: record.value,
      replyCount: engagement.comments, repostCount: engagement.shares, likeCount: engagement.likes, quoteCount: engagement.quotes,
      bookmarkCount: engagement.saves, indexedAt: record.indexedAt, labels: [],
    }];
  });
  return { status: 200, body: { posts } };
}

/** app.bsky.actor.getProfile: profileViewDetailed with followers growing by day (see ../engagement.ts). */
function getProfile(state: BlueskyState, query: URLSearchParams): Reply {
  const actor = query.get('actor') ?? '';
  const account = state.byIdentifier(actor);
  if (!account) return invalid('Profile not found');
  const postsCount = [...state.records.values()].filter((r) => r.did === account.did && r.collection === POST).length;
  const { followers } = accountEngagementAt(account.did, state.now() - account.createdAt);
  return {
    status: 200,
    body: {
      did: account.did, handle: account.handle, displayName: account.handle, followersCount: followers, followsCount: 42, postsCount,
      indexedAt: new Date(account.createdAt).toISOString(), labels: [],
    },
  };
}
