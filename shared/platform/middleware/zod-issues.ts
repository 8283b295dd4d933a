/** Turns zod issues into field issues that name the field and say how to fix it. */
import type { z } from 'zod';
import type { FieldIssue } from '../errors.js';

export function toFieldIssues(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : root,
    message: issue.message,
  }));
}
