// Test data for the Braze test server: API keys and their permissions, a small fixed workspace whose
// segments each exercise one awkward case, a second small workspace with keys of its own, and a
// generator for large, plausible workspaces.
// Everything is a constant or computed from a seed: the integration tests are bundled by esbuild and
// must not read files, and every run must see exactly the same data.
import { pick, pickSome, randomInt, randomUuid, seededRandom } from './random';

export type Permission = 'segments.details' | 'segments.list' | 'segments.data_series';

export const ALL_PERMISSIONS: readonly Permission[] = ['segments.details', 'segments.list', 'segments.data_series'];

export const KEYS = {
  all: 'test-key-all',
  noList: 'test-key-no-list',
  noDetails: 'test-key-no-details',
  noSeries: 'test-key-no-series',
  none: 'test-key-none',
} as const;

const without = (missing: Permission): Permission[] => ALL_PERMISSIONS.filter((p) => p !== missing);

export const PERMISSIONS_BY_KEY: Readonly<Record<string, readonly Permission[]>> = {
  [KEYS.all]: [...ALL_PERMISSIONS],
  [KEYS.noList]: without('segments.list'),
  [KEYS.noDetails]: without('segments.details'),
  [KEYS.noSeries]: without('segments.data_series'),
  [KEYS.none]: [],
};

// In Braze a REST API key is created in one workspace and sees only that workspace's segments. Every
// key above belongs to the default one; the staging keys below see only STAGING_SEGMENTS.
export const DEFAULT_WORKSPACE = 'production';
export const STAGING_WORKSPACE = 'staging';

export const STAGING_KEYS = {
  all: 'test-key-staging-all',
  noList: 'test-key-staging-no-list',
} as const;

export const STAGING_PERMISSIONS_BY_KEY: Readonly<Record<string, readonly Permission[]>> = {
  [STAGING_KEYS.all]: [...ALL_PERMISSIONS],
  [STAGING_KEYS.noList]: without('segments.list'),
};

/** The workspace of every test key, for logs and demos that say which workspace a key sees. */
export const WORKSPACE_OF_KEY: Readonly<Record<string, string>> = Object.fromEntries([
  ...Object.keys(PERMISSIONS_BY_KEY).map((key) => [key, DEFAULT_WORKSPACE]),
  ...Object.keys(STAGING_PERMISSIONS_BY_KEY).map((key) => [key, STAGING_WORKSPACE]),
]);

/**
 * A segment as the server stores it. For each optional field, `undefined` means the field is absent
 * from the JSON and `null` means it is sent as `null`: Braze does both, and clients must cope with both.
 * `baseSize` never reaches the JSON: it is the rough audience size the data series revolves around
 * (derived from the id when absent).
 */
export interface ServerSegment {
  id: string;
  name?: string | null;
  description?: string | null;
  text_description?: string | null;
  tags?: string[] | null;
  teams?: string[] | null;
  created_at?: string | null;
  updated_at?: string | null;
  analytics_tracking_enabled?: boolean;
  baseSize?: number;
}

// ---------------------------------------------------------------------------------------------------
// The fixed workspace. Each well-known id is exported so tests can name the case they exercise.

/** The id used throughout Braze's documentation. */
export const KNOWN_SEGMENT_ID = '3bbc4555-8fa0-4c9b-a5c0-4505edf3e064';
/** HTML, Markdown and `command:` links in every text field: nothing of it may be rendered or run. */
export const MARKUP_SEGMENT_ID = '7d1f0c2e-5b8a-4e3f-9c61-2a4b8e0d9f13';
/** Emoji, CJK, right-to-left text and combining accents. */
export const UNICODE_SEGMENT_ID = 'c4a8e2b1-0f3d-4a6c-b8e9-51d7f2a03c6e';
/** Every optional field absent from the JSON (an old account). */
export const SPARSE_SEGMENT_ID = '0a9e5c71-d2b4-4f86-8e3a-6c1b9d4f7e20';
/** Every optional field present as `null`. */
export const NULLS_SEGMENT_ID = 'e5b3d9a2-7c14-4b0e-a6f8-3d2c1e9b8a47';
/** A 5,000-character text_description, for truncation. */
export const LONG_DESCRIPTION_SEGMENT_ID = '91c6f4e8-3a2d-4d7b-b015-e8f9a6c3d2b4';
/** 30 tags, for wrapping and "+N more". */
export const MANY_TAGS_SEGMENT_ID = '5e2a7b9c-1d8f-4c3e-9a64-b7d0e1f2a3c5';
/** analytics_tracking_enabled: false. */
export const NO_ANALYTICS_SEGMENT_ID = 'b8d4c1a6-9e2f-4705-8c3b-0f6e5d4a1b92';
/** baseSize 0: a data series of zeros. */
export const EMPTY_SEGMENT_ID = '2f7e9a1c-6b3d-4e8a-a2c5-d9b0f4e7c618';
/** A valid-looking UUID that is in no fixture and no generated workspace. */
export const UNKNOWN_SEGMENT_ID = '9f8e7d6c-5b4a-4392-8170-fedcba987654';

export const LONG_DESCRIPTION_LENGTH = 5000;

/** Numbered sentences, so a test can tell where a truncated description was cut. */
function longDescription(): string {
  let text = '';
  for (let i = 1; text.length < LONG_DESCRIPTION_LENGTH; i++) {
    text += `(${i}) Customers who opened at least one email in the last 180 days, bought in the spring sale and have not unsubscribed from any channel since. `;
  }
  return text.slice(0, LONG_DESCRIPTION_LENGTH);
}

const MANY_TAGS = [
  'lifecycle', 'winback', 'onboarding', 'vip', 'eu', 'us', 'ios', 'android', 'push', 'email',
  'sms', 'in-app', 'test', 'churn-risk', 'high-value', 'newsletter', 'q1-2024', 'q2-2024', 'q3-2024', 'q4-2024',
  'black-friday', 'holiday', 'loyalty', 'referral', 'reactivation', 'beta', 'do-not-delete', 'owner:anna', 'owner:marc', 'legacy',
];

export const FIXTURE_SEGMENTS: readonly ServerSegment[] = [
  {
    id: KNOWN_SEGMENT_ID,
    name: 'Lapsed buyers (EU)',
    description: 'Country is one of Germany, France, Spain, Italy, Netherlands AND Has made any purchase AND Last made a purchase more than 90 days ago',
    text_description: '90-day winback audience for EU customers who bought before but not in the last 90 days',
    tags: ['winback', 'eu'],
    teams: ['Lifecycle'],
    created_at: '2023-03-14T09:26:53.000Z',
    updated_at: '2024-11-02T16:05:11.000Z',
    analytics_tracking_enabled: true,
    baseSize: 48250,
  },
  {
    id: MARKUP_SEGMENT_ID,
    name: `<img src=x onerror="alert(1)"><script>alert('xss')</script> **bold** [click](https://evil.example) \`code\` `,
    description: '<b>Email</b> contains "<script>alert(2)</script>" AND [run](command:workbench.action.quit) AND <a href="command:workbench.action.reloadWindow">reload</a>',
    text_description:
      '# Heading\n\n[run](command:workbench.action.quit) ![pixel](https://evil.example/pixel.png) <iframe src="https://evil.example"></iframe>\n\n| a | b |\n|---|---|\n| `x` | _y_ |\n\n$(alert) &lt;escaped&gt; &amp;',
    tags: ['<b>vip</b>', '[x](command:workbench.action.quit)', '`rm -rf /`', '<script>alert(3)</script>'],
    teams: ['<i>Growth</i>', '[team](command:workbench.action.closeWindow)'],
    created_at: '2023-06-01T12:00:00.000Z',
    updated_at: '2023-06-02T08:30:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 1337,
  },
  {
    id: UNICODE_SEGMENT_ID,
    // "Café" with a combining acute accent (e + U+0301), Japanese, Arabic and Hebrew, an emoji ZWJ sequence.
    name: '🚀 Power users 東京 — مستخدمون نشطون — Cafe\u0301 cre\u0300me 👩‍💻',
    description: 'Language is 日本語 OR Language is العربية OR Language is עברית',
    text_description: 'Utilisateurs fidèles à Zürich, São Paulo und Kraków 🎉 — 高価値顧客 — עברית מימין לשמאל',
    tags: ['日本', 'عربي', 'émoji-🎉'],
    teams: ['Équipe Growth', 'チーム'],
    created_at: '2022-09-09T09:09:09.000Z',
    updated_at: '2024-02-29T23:59:59.000Z',
    analytics_tracking_enabled: true,
    baseSize: 9120,
  },
  { id: SPARSE_SEGMENT_ID },
  {
    id: NULLS_SEGMENT_ID,
    name: null,
    description: null,
    text_description: null,
    tags: null,
    teams: null,
    created_at: null,
    updated_at: null,
  },
  {
    id: LONG_DESCRIPTION_SEGMENT_ID,
    name: 'Spring sale openers (long description)',
    description: 'Opened any email in the last 180 days AND Purchased product in category "Spring sale"',
    text_description: longDescription(),
    tags: ['email', 'lifecycle'],
    teams: ['CRM'],
    created_at: '2024-03-20T07:45:00.000Z',
    updated_at: '2024-05-01T10:00:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 210000,
  },
  {
    id: MANY_TAGS_SEGMENT_ID,
    name: 'Everything bucket (30 tags)',
    description: 'Has used app at least once',
    text_description: 'Catch-all segment that everyone tagged at some point',
    tags: MANY_TAGS,
    teams: ['Lifecycle', 'Growth'],
    created_at: '2022-01-17T15:20:00.000Z',
    updated_at: '2024-12-12T12:12:12.000Z',
    analytics_tracking_enabled: true,
    baseSize: 1250000,
  },
  {
    id: NO_ANALYTICS_SEGMENT_ID,
    name: 'QA devices (no analytics)',
    description: 'External user id matches regex ^qa-',
    text_description: 'Internal QA phones; analytics tracking off to keep the reports clean',
    tags: ['test'],
    teams: ['Mobile'],
    created_at: '2022-05-05T05:05:05.000Z',
    updated_at: '2022-05-05T05:10:00.000Z',
    analytics_tracking_enabled: false,
    baseSize: 42,
  },
  {
    id: EMPTY_SEGMENT_ID,
    name: 'Retired promo audience (empty)',
    description: 'Received campaign "Summer promo 2022" AND Has not made any purchase',
    text_description: 'Nobody matches any more; kept for reporting',
    tags: ['legacy'],
    teams: [],
    created_at: '2022-07-01T00:00:00.000Z',
    updated_at: '2023-01-10T11:00:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 0,
  },
  {
    id: '6c3e8f1a-4b7d-4a92-b1e5-7f0d3c9a2e84',
    name: 'High-value iOS users — last 30 days',
    description: 'Most recent device is iOS AND Money spent more than 500 AND Last used app less than 30 days ago',
    text_description: 'iOS customers with lifetime spend above 500 who were active this month',
    tags: ['vip', 'ios'],
    teams: ['Mobile', 'Growth'],
    created_at: '2023-11-21T18:40:00.000Z',
    updated_at: '2024-08-30T09:15:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 15600,
  },
  {
    id: 'd7a2f5c9-8e1b-4c64-9f3a-2b6e0d8c1a75',
    name: 'Newsletter opt-ins, DE',
    description: 'Country is Germany AND Email subscription status is opted in',
    text_description: 'German newsletter subscribers (double opt-in confirmed)',
    tags: ['email', 'eu'],
    teams: ['CRM'],
    created_at: '2022-11-02T10:00:00.000Z',
    updated_at: '2023-02-14T14:00:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 87300,
  },
  {
    id: '48f1b6e3-2c9a-4d5e-b7a0-9e3c6f2d1b58',
    name: 'Onboarding — day 1 push',
    description: 'First used app less than 1 day ago AND Push enabled is true',
    text_description: 'New users who allowed push notifications on their first day',
    tags: ['onboarding', 'push'],
    teams: ['Lifecycle'],
    created_at: '2024-06-10T08:00:00.000Z',
    updated_at: '2024-06-10T08:00:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 3100,
  },
];

// ---------------------------------------------------------------------------------------------------
// The staging workspace: a few ordinary segments, none of them in the default workspace, so a test can
// tell which workspace answered.

/** A segment only staging has: found with a staging key, "not found" with a production one. */
export const STAGING_SEGMENT_ID = 'a41c7e92-5d03-4b8f-9e26-c8b1f0d47a35';

export const STAGING_SEGMENTS: readonly ServerSegment[] = [
  {
    id: STAGING_SEGMENT_ID,
    name: 'Staging: QA testers',
    description: 'External user id matches regex ^qa-staging-',
    text_description: 'Test accounts of the QA team, used to check every campaign before it goes to production',
    tags: ['test', 'qa'],
    teams: ['QA'],
    created_at: '2023-02-06T10:15:00.000Z',
    updated_at: '2024-10-21T13:40:00.000Z',
    analytics_tracking_enabled: false,
    baseSize: 35,
  },
  {
    id: 'f2b8d6a1-9c47-4e05-a3d1-6e7f0b2c9d84',
    name: 'Staging: Push beta',
    description: 'Push enabled is true AND Custom attribute beta_opt_in is true',
    text_description: 'Internal testers of the new push templates',
    tags: ['push', 'beta'],
    teams: ['Mobile'],
    created_at: '2024-04-02T08:30:00.000Z',
    updated_at: '2024-09-12T17:05:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 120,
  },
  {
    id: '0d5e3f7b-2a91-4c68-8b4e-7f1a9c3e6d02',
    name: 'Staging: Lapsed buyers (EU) dry run',
    description: 'Country is Germany AND Last made a purchase more than 90 days ago',
    text_description: 'A copy of the production winback audience, for trying changes on test accounts first',
    tags: ['winback', 'eu', 'test'],
    teams: ['Lifecycle'],
    created_at: '2023-09-18T14:00:00.000Z',
    updated_at: '2024-11-01T09:20:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 640,
  },
  {
    id: '7b92c4e0-6f18-4a3d-b5c7-1e8d0a4f2b69',
    name: 'Staging: Onboarding journey testers',
    description: 'First used app less than 7 days ago AND Email address ends with @example.com',
    text_description: 'Fresh test sign-ups that walk through the onboarding canvas',
    tags: ['onboarding', 'test'],
    teams: ['Lifecycle', 'QA'],
    created_at: '2024-07-15T11:45:00.000Z',
    updated_at: '2024-07-15T11:45:00.000Z',
    analytics_tracking_enabled: true,
    baseSize: 18,
  },
];

// ---------------------------------------------------------------------------------------------------
// Generated workspaces: thousands of segments that look like a real company's, for paging, tree and
// search tests and for the demo.

const AUDIENCES = [
  'Lapsed buyers', 'High-value customers', 'Newsletter opt-ins', 'Cart abandoners', 'First-time buyers',
  'Dormant users', 'Trial users', 'Power users', 'Churn-risk subscribers', 'Loyalty members', 'Push opt-ins',
  'Email bouncers', 'New sign-ups', 'VIP shoppers', 'Win-back candidates', 'Beta testers',
];
const ADJECTIVES = ['High-value', 'Active', 'Inactive', 'Engaged', 'Lapsed', 'New', 'Returning'];
const PLATFORMS = ['iOS', 'Android', 'Web', 'mobile', 'tablet'];
const REGIONS = ['EU', 'US', 'UK', 'APAC', 'LATAM', 'DACH', 'Nordics'];
const COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'NL', 'UK', 'US', 'CA', 'BR', 'JP', 'AU'];
const WINDOWS = ['last 7 days', 'last 30 days', 'last 90 days', 'this quarter', 'since launch', 'last 12 months'];
const TAGS = [
  'lifecycle', 'winback', 'onboarding', 'vip', 'eu', 'us', 'ios', 'android', 'push', 'email', 'sms',
  'test', 'churn-risk', 'newsletter', 'loyalty', 'retention',
];
const TEAMS = ['Lifecycle', 'Growth', 'CRM', 'Mobile', 'Data', 'Marketing EU', 'Marketing US'];
const FILTERS = [
  'Last used app more than 30 days ago', 'Country is Germany', 'Email subscription status is opted in',
  'Most recent device is Android', 'Money spent more than 100', 'Push enabled is true',
  'Has made any purchase', 'Session count greater than 10', 'Custom attribute plan is "premium"',
  'Received campaign "Welcome series" in the last 14 days', 'Random bucket number less than 5000',
];
const PURPOSES = [
  'Target audience for the weekly newsletter',
  'Win back customers who have gone quiet',
  'Holdout-friendly audience for A/B tests',
  'Onboarding journey entry audience',
  'Suppression list for promotional sends',
  'Reporting cohort requested by finance',
];

/** Generated segments are created between these two instants: about three years. */
const CREATED_FROM = Date.UTC(2022, 0, 1);
const CREATED_SPAN_MS = 3 * 365 * 24 * 3600 * 1000;

function toIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

function generatedName(random: () => number): string {
  const audience = pick(random, AUDIENCES);
  switch (randomInt(random, 0, 5)) {
    case 0: return `${audience} (${pick(random, REGIONS)})`;
    case 1: return `${pick(random, ADJECTIVES)} ${pick(random, PLATFORMS)} users — ${pick(random, WINDOWS)}`;
    case 2: return `${audience}, ${pick(random, COUNTRIES)}`;
    case 3: return `${audience} — ${pick(random, PLATFORMS)}, ${pick(random, WINDOWS)}`;
    case 4: return `${audience} (${pick(random, REGIONS)}) — ${pick(random, WINDOWS)}`;
    default: return `[TEST] ${audience}`;
  }
}

/**
 * `count` plausible segments, always the same for the same `(count, seed)`; a longer workspace with the
 * same seed starts with the shorter one. Ids are unique and never collide with the fixture ids.
 */
export function generateWorkspace(count: number, seed = 1): ServerSegment[] {
  const random = seededRandom(seed);
  const usedIds = new Set<string>([...FIXTURE_SEGMENTS.map((s) => s.id), ...STAGING_SEGMENTS.map((s) => s.id), UNKNOWN_SEGMENT_ID]);
  const usedNames = new Map<string, number>();
  const segments: ServerSegment[] = [];
  for (let i = 0; i < count; i++) {
    let id = randomUuid(random);
    while (usedIds.has(id)) id = randomUuid(random);
    usedIds.add(id);

    // Real workspaces do hold duplicate names; numbering them keeps generated ones tellable apart.
    let name = generatedName(random);
    const seen = usedNames.get(name) ?? 0;
    usedNames.set(name, seen + 1);
    if (seen > 0) name = `${name} (${seen + 1})`;

    const created = CREATED_FROM + Math.floor(random() * CREATED_SPAN_MS);
    const updated = created + 60_000 + Math.floor(random() * 400 * 24 * 3600 * 1000);
    const filters = pickSome(random, FILTERS, randomInt(random, 1, 3)).join(' AND ');
    segments.push({
      id,
      name,
      description: filters,
      // About one in ten has no written description, as in real workspaces.
      text_description: random() < 0.1 ? '' : `${pick(random, PURPOSES)} (${name})`,
      tags: pickSome(random, TAGS, randomInt(random, 0, 3)),
      teams: pickSome(random, TEAMS, randomInt(random, 0, 2)),
      created_at: toIsoSeconds(created),
      updated_at: toIsoSeconds(updated),
      analytics_tracking_enabled: random() < 0.8,
      // Log-uniform between ~50 and ~2,000,000 people.
      baseSize: Math.round(10 ** (1.7 + random() * 4.6)),
    });
  }
  return segments;
}
