// User settings for a test or demo workbench: a quiet, deterministic VS Code (no welcome page, no
// trust prompt, no update or telemetry traffic, no restored windows, no animations).
export const BASE_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'editor.hover.delay': 200,
  'window.restoreWindows': 'none',
  'workbench.reduceMotion': 'on',
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
};
