/**
 * The dead-letter queue locally: what Lambda would send to the on-failure destination after
 * its retries, kept in memory and appended to a JSON-lines file so nothing is silently lost.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OnFailureRecord } from './lambda/lambda-runtime.js';

export interface DeadLetter {
  readonly queueArn: string;
  readonly record: OnFailureRecord;
}

export class DeadLetters {
  readonly #file: string | undefined;
  readonly #letters: DeadLetter[] = [];

  constructor(file?: string) {
    this.#file = file;
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  add(letter: DeadLetter): void {
    this.#letters.push(letter);
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify(letter)}\n`);
  }

  all(): readonly DeadLetter[] {
    return this.#letters;
  }
}
