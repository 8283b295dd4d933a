/**
 * Configuration read once at cold start. A missing or malformed variable fails the
 * function's init with the variable's name, not a confusing error on the first request.
 */
import { ConfigError } from './errors.js';

export function getStringFromEnv(key: string, defaultValue?: string): string {
  const value = process.env[key];
  if (value !== undefined && value !== '') return value;
  if (defaultValue !== undefined) return defaultValue;
  throw new ConfigError(`environment variable ${key} is required but not set`);
}

export function getNumberFromEnv(key: string, defaultValue?: number): number {
  const raw = process.env[key];
  if (raw === undefined || raw === '') {
    if (defaultValue !== undefined) return defaultValue;
    throw new ConfigError(`environment variable ${key} is required but not set`);
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ConfigError(`environment variable ${key} must be a number, got "${raw}"`);
  return value;
}
