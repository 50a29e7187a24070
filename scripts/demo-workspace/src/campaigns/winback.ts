// Winback campaign: who gets which message, by Braze segment.
import { sendCampaign, type Audience } from '../braze';

/** Braze segment API identifiers (Settings > APIs and Identifiers > Additional API Identifiers). */
export const SEGMENTS = {
  lapsedBuyersEu: '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064',
  springSaleOpeners: '91c6f4e8-3a2d-4d7b-b015-e8f9a6c3d2b4',
  churnRiskEu: '2d210a5e-b10a-45af-a075-fc0a545b6f22',
  vipShoppersWeb: 'e0540cd0-170e-43c1-86fa-c551e187787c',
} as const;

const audiences: Audience[] = [
  { segmentId: SEGMENTS.lapsedBuyersEu, template: 'winback-20-off', channel: 'email' },
  { segmentId: SEGMENTS.churnRiskEu, template: 'we-miss-you', channel: 'push' },
  // Excluded for now: the VIP team sends its own offers.
  // { segmentId: SEGMENTS.vipShoppersWeb, template: 'vip-early-access', channel: 'email' },
];

export async function runWinback(dryRun = false): Promise<void> {
  for (const audience of audiences) {
    await sendCampaign('c7a1a6f0-winback-2024', audience, { dryRun });
  }
}

// Tagged "lifecycle" and owned by the Data team; used only for holdout measurement.
export const HOLDOUT_SEGMENT_ID = 'd2987af3-8342-4143-be06-0ae301c57004';
