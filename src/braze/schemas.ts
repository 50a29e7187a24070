// The documented response shapes, checked on every response. Older accounts lack newer fields and
// Braze sends nulls, so every optional field accepts absent and null; unknown fields are ignored.
import * as z from 'zod/mini';

const optionalText = z.optional(z.nullable(z.string()));
const optionalTexts = z.optional(z.nullable(z.array(z.string())));

export const segmentDetailsResponse = z.object({
  message: z.string(),
  name: optionalText,
  description: optionalText,
  text_description: optionalText,
  tags: optionalTexts,
  teams: optionalTexts,
  created_at: optionalText,
  updated_at: optionalText,
});

export const segmentListResponse = z.object({
  message: z.string(),
  segments: z.array(
    z.object({
      id: z.string(),
      name: optionalText,
      analytics_tracking_enabled: z.optional(z.nullable(z.boolean())),
      tags: optionalTexts,
    }),
  ),
});

export const dataSeriesResponse = z.object({
  message: z.string(),
  data: z.array(z.object({ time: z.string(), size: z.number() })),
});

export const errorBody = z.object({ message: z.optional(z.string()) });
