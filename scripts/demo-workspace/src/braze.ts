// Thin wrapper around Braze's /campaigns/trigger/send, used by the campaign modules.
export interface Audience {
  segmentId: string;
  template: string;
  channel: 'email' | 'push' | 'sms';
}

export async function sendCampaign(campaignId: string, audience: Audience, options: { dryRun: boolean }): Promise<void> {
  const body = { campaign_id: campaignId, audience: { segment_id: audience.segmentId }, trigger_properties: { template: audience.template } };
  if (options.dryRun) {
    process.stdout.write(`would send ${JSON.stringify(body)}\n`);
    return;
  }
  const response = await fetch(`${process.env.BRAZE_REST_ENDPOINT}/campaigns/trigger/send`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${process.env.BRAZE_API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Braze answered ${response.status}`);
}
