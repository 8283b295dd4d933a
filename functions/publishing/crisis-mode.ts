/** Subscribed to CrisisDetected and CrisisResolved: pauses and resumes the brand's queue. */
import { eventHandler } from '../../shared/platform/middleware/event.js';
import { CrisisDetected, CrisisResolved } from '../../shared/contracts/events/catalogue.js';
import { pauseQueue, queueDeps, resumeQueue } from '../../shared/publishing/index.js';

const deps = queueDeps();

export const CRISIS_EVENTS = [CrisisDetected, CrisisResolved] as const;

export const handler = eventHandler(CRISIS_EVENTS, async ({ entry, detail }) => {
  if (entry === CrisisDetected) {
    await pauseQueue(detail.brandId, 'crisis', `crisis: ${(detail as { reason: string }).reason}`, deps);
  } else {
    await resumeQueue(detail.brandId, 'crisis', deps);
  }
});
