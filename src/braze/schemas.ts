// The documented response shapes, checked on every response. Older accounts lack newer fields and
// Braze sends nulls, so every optional field accepts absent and null; unknown fields are ignored.
// Built on the first response rather than at import: building zod schemas costs milliseconds that
// activation should not pay.
import * as z from 'zod/mini';
import { lazy } from '../common/lazy';

function buildSchemas() {
  const optionalText = z.optional(z.nullable(z.string()));
  const optionalTexts = z.optional(z.nullable(z.array(z.string())));
  return {
    segmentDetails: z.object({
      message: z.string(),
      name: optionalText,
      description: optionalText,
      text_description: optionalText,
      tags: optionalTexts,
      teams: optionalTexts,
      created_at: optionalText,
      updated_at: optionalText,
    }),
    segmentList: z.object({
      message: z.string(),
      segments: z.array(
        z.object({
          id: z.string(),
          name: optionalText,
          analytics_tracking_enabled: z.optional(z.nullable(z.boolean())),
          tags: optionalTexts,
        }),
      ),
    }),
    dataSeries: z.object({
      message: z.string(),
      data: z.array(z.object({ time: z.string(), size: z.number() })),
    }),
    errorBody: z.object({ message: z.optional(z.string()) }),
  };
}

export const schemas = lazy(buildSchemas);
