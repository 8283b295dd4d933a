/** The Meta Graph API stand-in (Facebook Pages, Instagram, Threads): see server.ts. */
export { startMetaStandIn, countThreadsCharacters, type MetaStandIn, type MetaStandInOptions, type AccountInput, type StandInMedia, type StandInPost } from './server.js';
export { sandboxFaultSchema, type SandboxFault } from '../faults.js';
