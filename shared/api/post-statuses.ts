/**
 * The states of a post (the state machine is in shared/publishing/post.ts), as the API lists and
 * filters them. Apart from the response schemas so that code needing only the names loads no schema.
 */
export const POST_STATUSES = ['draft', 'in_review', 'scheduled', 'held', 'publishing', 'published', 'failed', 'unconfirmed', 'cancelled'] as const;
