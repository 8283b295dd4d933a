/**
 * The media container lifecycle Instagram and Threads share, after the IG Container reference and the
 * Threads troubleshooting page: a container is IN_PROGRESS while processing, then FINISHED; publishing it
 * makes it PUBLISHED; left unpublished for 24 h it is EXPIRED. A container publishes once.
 *
 * Errors, per network:
 * - not ready: Instagram (#9007/2207027) "Media ID is not available"; Threads (#24/4279009) "Media Not Found";
 * - expired: Instagram (#-2/2207020) "The media you are trying to access has expired"; Threads (#24/4279009);
 * - unknown or already published: Instagram (#24/2207008) "media builder … does not exist"; Threads (#24/4279009).
 *   Meta documents no distinct answer for re-publishing a container: the stand-in answers as for a consumed one.
 * - quota: Instagram (#9/2207042) "You reached maximum number of posts…" (50 posts / moving 24 h); Threads (#9)
 *   for 250 posts (or 1,000 replies) / moving 24 h, an undocumented code we chose to match Instagram.
 */
import { graphError, invalidParameter, pick, type Params, type Reply } from './graph-shape.js';
import { QUOTA_WINDOW_MS, type Container, type MetaState, type StandInMedia } from './state.js';

type ContainerNetwork = 'instagram' | 'threads';

function notPublishable(network: ContainerNetwork, id: string, reason: 'missing' | 'in_progress' | 'expired'): Reply {
  if (network === 'threads') {
    return graphError(24, 'The requested resource does not exist', { subcode: 4279009, userTitle: 'Media Not Found', userMessage: `The media with id ${id} cannot be found.` });
  }
  if (reason === 'in_progress') {
    return graphError(9007, 'Media ID is not available', { subcode: 2207027, userTitle: 'Media Not Ready For Publishing', userMessage: 'The media is not ready for publishing, please wait for a moment' });
  }
  if (reason === 'expired') {
    return graphError(-2, 'The media you are trying to access has expired. Please try to upload again.', { subcode: 2207020, userTitle: 'Media expired' });
  }
  return graphError(24, 'The requested resource does not exist', { subcode: 2207008, userTitle: 'Media builder not found', userMessage: `The media builder with creation id ${id} does not exist or has been expired.` });
}

/** A status read: counts as one poll, then renders Instagram's `status_code`/`status` or Threads' `status`. */
export function readContainer(state: MetaState, container: Container, params: Params): Reply {
  const status = state.containerStatus(container);
  container.polls += 1;
  if (container.network === 'instagram') {
    const description = { IN_PROGRESS: 'In Progress: Media is still being processed.', FINISHED: 'Finished: Media has been uploaded and it is ready to be published.',
      PUBLISHED: 'Published: Media has been published.', EXPIRED: 'Expired: Media was not published within 24 hours.' }[status];
    return { status: 200, body: pick({ id: container.id, status_code: status, status: description }, params, ['status_code']) };
  }
  return { status: 200, body: pick({ id: container.id, status }, params, ['status']) };
}

/** The children of a carousel container, or the error Graph gives for them. */
export function carouselChildren(state: MetaState, network: ContainerNetwork, ownerId: string, ids: readonly string[], max: number): Container[] | Reply {
  if (ids.length < 2 || ids.length > max) return invalidParameter(`A carousel needs between 2 and ${max} children, got ${ids.length}`);
  const children: Container[] = [];
  for (const id of ids) {
    const child = state.containers.get(id);
    if (!child || child.network !== network || child.ownerId !== ownerId || !child.carouselItem) {
      return invalidParameter(`children: ${id} is not a carousel item container of this user`);
    }
    const status = state.containerStatus(child);
    if (status !== 'FINISHED') return notPublishable(network, id, status === 'IN_PROGRESS' ? 'in_progress' : status === 'EXPIRED' ? 'expired' : 'missing');
    children.push(child);
  }
  return children;
}

export function quotaTotal(state: MetaState, network: ContainerNetwork, kind: 'post' | 'reply'): number {
  if (network === 'instagram') return state.options.instagramQuota;
  return kind === 'reply' ? state.options.threadsReplyQuota : state.options.threadsQuota;
}

/** `POST /{user-id}/media_publish` and `POST /{user-id}/threads_publish`. */
export function publishContainer(state: MetaState, network: ContainerNetwork, ownerId: string, params: Params): Reply {
  const creationId = typeof params.creation_id === 'string' ? params.creation_id : undefined;
  if (!creationId) return invalidParameter('The parameter creation_id is required');
  const container = state.containers.get(creationId);
  if (!container || container.network !== network || container.ownerId !== ownerId) return notPublishable(network, creationId, 'missing');
  if (container.carouselItem) return invalidParameter('A carousel item cannot be published on its own: publish its carousel container');
  const status = state.containerStatus(container);
  if (status === 'PUBLISHED') return notPublishable(network, creationId, 'missing');
  if (status === 'EXPIRED') return notPublishable(network, creationId, 'expired');
  if (status === 'IN_PROGRESS') return notPublishable(network, creationId, 'in_progress');

  const kind = container.replyToId ? 'reply' : 'post';
  const total = quotaTotal(state, network, kind);
  if (state.postsInQuotaWindow(ownerId, kind).length >= total) {
    return network === 'instagram'
      ? graphError(9, 'Application request limit reached', {
        subcode: 2207042, userTitle: 'Max publishing limit reached',
        userMessage: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
      })
      : graphError(9, `You reached the maximum number of ${kind === 'reply' ? 'replies' : 'posts'} that can be published in ${QUOTA_WINDOW_MS / 3_600_000} hours.`);
  }
  const media: StandInMedia[] = container.children.length
    ? container.children.flatMap((id) => state.containers.get(id)?.media ?? [])
    : [...container.media];
  const post = state.addPost({
    network, ownerId, kind, text: container.text, media, mediaType: container.mediaType, containerId: container.id,
    ...(container.replyToId ? { parentId: container.replyToId } : {}),
  });
  container.publishedId = post.id;
  return { status: 200, body: { id: post.id } };
}

/** `GET /{user-id}/content_publishing_limit` and `GET /{user-id}/threads_publishing_limit`. */
export function publishingLimit(state: MetaState, network: ContainerNetwork, ownerId: string, params: Params): Reply {
  const duration = QUOTA_WINDOW_MS / 1000;
  const entry: Record<string, unknown> = {
    quota_usage: state.postsInQuotaWindow(ownerId, 'post').length,
    config: { quota_total: quotaTotal(state, network, 'post'), quota_duration: duration },
  };
  if (network === 'threads') {
    entry.reply_quota_usage = state.postsInQuotaWindow(ownerId, 'reply').length;
    entry.reply_config = { quota_total: quotaTotal(state, network, 'reply'), quota_duration: duration };
  }
  const fields = typeof params.fields === 'string' ? params.fields.split(',').map((f) => f.trim()) : ['quota_usage'];
  return { status: 200, body: { data: [Object.fromEntries(Object.entries(entry).filter(([key]) => fields.includes(key)))] } };
}
