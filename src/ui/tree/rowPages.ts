// How many rows a list of the Segments view shows at once. VS Code asks for every child of an
// expanded row on each redraw and keeps an item per row: at 100,000 segments one redraw of a flat
// list cost 740 ms and 55 MB. So a workspace (or a tag group) shows its first rows and a "Show more"
// row below them; filtering and sorting still run over every row. Free of 'vscode': pure data.
import * as l10n from '@vscode/l10n';

/** The rows a list shows at first, and how many more each click on its "Show more" row adds. */
export const ROWS_PER_PAGE = 500;

/** The key of one list of rows: a workspace's own rows, or one of its tag groups (by `groupKey`). */
export function listKey(workspace: string, group: string | undefined): string {
  // The untagged group's key is '': it must not read as the workspace's own list.
  const name = encodeURIComponent(workspace);
  return group === undefined ? `${name}/` : `${name}/tag:${group}`;
}

/** What a list shows: its first `shown` of `total` rows. */
export interface RowPage {
  readonly shown: number;
  readonly total: number;
}

/** The page of a list of `total` rows limited to `limit` (at least one page). */
export function pageOf(total: number, limit: number | undefined): RowPage {
  return { shown: Math.min(total, Math.max(ROWS_PER_PAGE, limit ?? ROWS_PER_PAGE)), total };
}

/** The words of a "Show more" row: how many the click adds, and how many are shown of all. */
export function moreRowText({ shown, total }: RowPage): { label: string; description: string; tooltip: string } {
  const next = Math.min(ROWS_PER_PAGE, total - shown);
  const of = l10n.t('{0} of {1}', shown.toLocaleString('en'), total.toLocaleString('en'));
  return {
    label: l10n.t('Show {0} more…', next.toLocaleString('en')),
    description: of,
    tooltip: l10n.t('Showing the first {0} segments. Click to show {1} more; the filter and the sort apply to all of them.', of, next.toLocaleString('en')),
  };
}
