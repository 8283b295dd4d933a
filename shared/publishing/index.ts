/** The publishing pillar's public face: what its handlers call. */
export { buildCalendar } from './calendar.js';
export { createPost } from './create-post.js';
export { credentialCheckDeps, credentialDeps, publisherDeps, publishingDeps, queueDeps, queueRepositoryFromEnv, tableDeps } from './dependencies.js';
export { recycleEvergreen } from './evergreen.js';
export { importJobsDeps } from './import/import-jobs-deps.js';
export { createImport, getImport } from './import/import-jobs.js';
export { importPosts, type ImportPostsDeps } from './import/import-posts.js';
export { importUpload } from './import/import-upload.js';
export { createPostGroup } from './post-group.js';
export { toPublicPost } from './post.js';
export { publishPost } from './publish-post.js';
export { pauseQueue, resumeQueue } from './queue-pause.js';
export { approvePost, cancelPost, editPost, rejectPost, submitForReview } from './workflow.js';
export { checkExpiringCredentials } from '../networks/accounts/credential-expiry.js';
