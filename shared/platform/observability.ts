/** One logger for every function: structured JSON with the service name and a correlation id per request. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pillars' });
