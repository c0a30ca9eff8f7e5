import { z } from 'zod';

/** The service routes: liveness, readiness, metrics (no token). */

export const healthResponse = z.object({ status: z.literal('ok') });
export const readyResponse = z.object({ status: z.literal('ready'), elasticsearch: z.literal('up') });
export const notReadyResponse = z.object({ status: z.literal('not_ready'), elasticsearch: z.literal('down') });
export const metricsText = z.string().min(1);
