#!/usr/bin/env node
// The CLI is TypeScript run through tsx, like the rest of the repo, so there is no build step.
// npm installs this file as a symlink; the realpath finds ../cli next to the real file.
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();

const binDir = dirname(realpathSync(fileURLToPath(import.meta.url)));
const { main } = await import(pathToFileURL(join(binDir, '..', 'cli', 'main.ts')).href);
await main();
