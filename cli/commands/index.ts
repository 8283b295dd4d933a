/** The command table, in the order help lists it. */
import type { Command } from '../command.js';
import { accountConnect } from './account-connect.js';
import { accountList } from './account-list.js';
import { calendar } from './calendar.js';
import { campaignList } from './campaign-list.js';
import { campaignSet } from './campaign-set.js';
import { dev } from './dev.js';
import { postCreate } from './post-create.js';
import { postEdit } from './post-edit.js';
import { postGet } from './post-get.js';
import { postImport } from './post-import.js';
import { postList } from './post-list.js';
import { postApprove, postCancel, postReject, postSubmit } from './post-review.js';
import { queuePause, queueResume, queueStatus } from './queue.js';
import { queueSuggest } from './queue-suggest.js';
import { report } from './report.js';
import { settingsGet, settingsSet } from './settings.js';

export const commands: readonly Command[] = [postCreate, postEdit, postList, postGet, postSubmit, postApprove, postReject, postCancel, postImport, calendar, report, campaignSet, campaignList, accountConnect, accountList, queueStatus, queuePause, queueResume, queueSuggest, settingsGet, settingsSet, dev];

/** First words of two-word commands: "post", "campaign", "account", "queue", "settings". */
export const groups: readonly string[] = [...new Set(commands.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0] ?? ''))];
