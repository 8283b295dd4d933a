/** The shared path of every API command: configure a client, send, print raw JSON or the readable view. */
import { ApiClient, ApiError, type ApiRequest } from '../api-client.js';
import { stringFlag, type Invocation, type OptionSpecs } from '../command.js';
import { resolveApiUrl, resolveToken } from '../config.js';
import { EXIT_OK } from '../errors.js';

export const API_OPTIONS: OptionSpecs = {
  api: { type: 'string' },
  token: { type: 'string' },
  brand: { type: 'string' },
  json: { type: 'boolean' },
};

export async function callApi<T>(invocation: Invocation, request: ApiRequest, render: (body: T) => string): Promise<number> {
  const { io } = invocation;
  const json = invocation.flags.json === true;
  try {
    const response = await apiClient(invocation).send(request);
    io.stdout(line(json ? response.raw : render(response.body as T)));
    return EXIT_OK;
  } catch (error) {
    // Scripts using --json get the error body too; the readable error still goes to stderr.
    if (json && error instanceof ApiError && error.raw !== '') io.stdout(line(error.raw));
    throw error;
  }
}

/** The client the API flags and environment point at, for commands that need more than one call. */
export function apiClient(invocation: Invocation): ApiClient {
  const { io } = invocation;
  return new ApiClient(
    resolveApiUrl(stringFlag(invocation, 'api'), io.env),
    resolveToken({ flag: stringFlag(invocation, 'token'), brand: stringFlag(invocation, 'brand'), env: io.env, repoDir: io.repoDir }),
    io.fetch,
  );
}

const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
