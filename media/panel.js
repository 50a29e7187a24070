// @ts-check
// The detail panel's page script. Everything it shows arrives as JSON from the extension and is put
// into the page with textContent only: a segment named "<script>" shows those characters, nothing runs.
// The messages are the host's own types (src/ui/panel/protocol.ts), checked by `npm run check:webview`.
/** @import { FromWebview, PanelError, PanelState, PanelStrings, SizesState, ToWebview } from '../src/ui/panel/protocol' */
/** @import { PanelDate } from '../src/segments/panelSegment' */
/**
 * An element's properties: `className`, an `onClick` listener, and attributes (`true` is present and
 * empty, `false` and `undefined` are left out).
 * @typedef {{ className?: string, onClick?: () => void, [attribute: string]: string | number | boolean | undefined | (() => void) }} Props
 */
/** @typedef {Node | string | null | undefined | false} Child */
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  // panelHtml.ts's skeleton always has it.
  const root = /** @type {HTMLElement} */ (document.getElementById('root'));
  let state = vscode.getState();
  /** @type {number | undefined} */
  let copiedTimer;
  // Every word shown comes from the host (translated), with its first state; until then the page
  // keeps panelHtml.ts's skeleton.
  /** @type {PanelStrings | undefined} */
  let strings;

  /**
   * The host's word for `key`, its {0} {1} filled in.
   * @param {keyof PanelStrings} key
   * @param {...(string | number)} args
   */
  function t(key, ...args) {
    const text = strings ? strings[key] : '';
    return text.replace(/\{(\d+)\}/g, (match, index) => (Number(index) < args.length ? String(args[Number(index)]) : match));
  }

  /**
   * Builds an element; string children become text nodes, never HTML.
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Props} [props]
   * @param {...(Child | Child[])} children
   * @returns {HTMLElementTagNameMap[K]}
   */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    const { className, onClick, ...attributes } = props || {};
    if (className) node.className = className;
    if (onClick) node.addEventListener('click', onClick);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || value === false) continue;
      node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  /** @param {FromWebview} message */
  const send = (message) => vscode.postMessage(message);

  /**
   * @param {string} label
   * @param {FromWebview} message sent on click
   * @param {Props} [props]
   */
  function button(label, message, props) {
    return h('button', { type: 'button', ...props, onClick: () => send(message) }, label);
  }

  /**
   * @param {readonly string[]} items
   * @param {'tag' | 'team'} kind
   * @param {number} omitted how many more there are than `items`
   */
  function chips(items, kind, omitted) {
    if (!items.length && !omitted) return h('p', { className: 'muted' }, kind === 'tag' ? t('noTags') : t('noTeams'));
    const more = omitted ? h('li', { className: 'chip more', 'data-omitted': String(omitted) }, t('andMore', omitted.toLocaleString('en'))) : undefined;
    return h('ul', { className: 'chips', 'aria-label': kind === 'tag' ? t('tags') : t('teams') }, items.map((item) => h('li', { className: `chip ${kind}` }, item)), more);
  }

  /**
   * @param {string} label
   * @param {'created' | 'updated'} field the `data-field` of the value
   * @param {PanelDate | undefined} value
   */
  function date(label, field, value) {
    return [h('dt', {}, label), h('dd', { 'data-field': field }, value ? h('time', { datetime: value.iso, title: value.iso }, `${value.absolute} (${value.relative})`) : h('span', { className: 'muted' }, t('unknown')))];
  }

  /**
   * @param {string} title
   * @param {string} field the `data-field` of the text
   * @param {string | undefined} text
   * @param {string} emptyText shown when there is no text
   */
  function section(title, field, text, emptyText) {
    return h('section', {}, h('h2', {}, title), text ? h('p', { className: 'prose', 'data-field': field }, text) : h('p', { className: 'muted', 'data-field': field }, emptyText));
  }

  /** @param {PanelError} error */
  function errorBanner(error) {
    return h('div', { className: 'banner error', role: 'alert', id: 'error' },
      h('div', { className: 'banner-text' },
        h('p', { id: 'error-message' }, error.message),
        // Details from an earlier fetch stay below the error: the note says so, and how old they are.
        error.note ? h('p', { id: 'error-note', className: 'note' }, error.note) : undefined),
      error.action ? button(error.actionLabel || t('fix'), { type: 'fix', action: error.action }, { id: 'error-action', className: 'primary' }) : undefined);
  }

  // A long description is cut to a few lines so the chart stays in view; the choice to expand it is
  // the page's own (kept across re-renders, not sent anywhere).
  let descriptionExpanded = false;
  const LONG_DESCRIPTION = 400; // characters, or more lines than the folded view shows (5, in panel.css)

  /** @param {string | undefined} text */
  function description(text) {
    if (!text) return section(t('description'), 'text_description', undefined, t('noDescription'));
    const prose = h('p', { className: 'prose', 'data-field': 'text_description', id: 'description-text' }, text);
    if (text.length <= LONG_DESCRIPTION && text.split('\n').length <= 5) return h('section', {}, h('h2', {}, t('description')), prose);
    const toggle = h('button', { type: 'button', id: 'description-toggle', className: 'link', 'aria-controls': 'description-text' });
    const show = () => {
      prose.classList.toggle('collapsed', !descriptionExpanded);
      toggle.setAttribute('aria-expanded', String(descriptionExpanded));
      toggle.textContent = descriptionExpanded ? t('showLess') : t('showMore');
    };
    toggle.addEventListener('click', () => {
      descriptionExpanded = !descriptionExpanded;
      show();
    });
    show();
    return h('section', { className: 'collapsible' }, h('h2', {}, t('description')), prose, toggle);
  }

  /** A collapsed text that fits anyway (a wide panel) needs no toggle: checked once laid out. */
  function dropNeedlessToggle() {
    const prose = document.getElementById('description-text');
    const toggle = document.getElementById('description-toggle');
    if (prose && toggle && prose.classList.contains('collapsed') && prose.scrollHeight <= prose.clientHeight + 1) {
      prose.classList.remove('collapsed');
      toggle.remove();
    }
  }

  /** @param {PanelState} s */
  function toolbar(s) {
    return h('div', { className: 'toolbar' },
      button(s.loading ? t('refreshing') : t('refresh'), { type: 'refresh' }, { id: 'refresh', disabled: s.loading, title: t('refreshTitle') }),
      // Its row is only there once the segment is known, in the panel's workspace.
      button(t('revealInView'), { type: 'reveal' }, { id: 'reveal-in-view', className: 'secondary', disabled: !s.segment || !s.home, title: t('revealInViewTitle') }),
      button(t('openDashboard'), { type: 'openDashboard' }, { id: 'open-dashboard', disabled: !s.hasDashboard, title: s.hasDashboard ? t('openDashboardTitle', s.instance) : t('noDashboardTitle') }));
  }

  /** @param {PanelState} s */
  function idLine(s) {
    // The name is known once the details are: until then only the id can be copied.
    const named = !!s.segment && !s.segment.unnamed;
    return h('div', { className: 'id-line' },
      h('span', { className: 'muted' }, t('segmentId')),
      h('code', { id: 'segment-id' }, s.id),
      button(t('copy'), { type: 'copyId' }, { id: 'copy-id', className: 'secondary small', title: t('copyIdTitle') }),
      button(t('copyName'), { type: 'copyName' }, { id: 'copy-name', className: 'secondary small', disabled: !named, title: t('copyNameTitle') }),
      button(t('copyLink'), { type: 'copyMarkdownLink' }, { id: 'copy-markdown-link', className: 'secondary small', disabled: !s.segment, title: t('copyLinkTitle') }),
      h('span', { id: 'copied', className: 'muted', hidden: true, role: 'status' }, t('copied')));
  }

  // The chart lives outside the re-rendered tree, so a state update that does not change the data
  // keeps the same uPlot instance (and the user's cursor on it). Its readout says the date and size
  // under the cursor; keyboard users move it with the arrow keys once the chart has focus.
  const format = window.brazeChartFormat;
  const chartHost = h('div', { id: 'size-chart', className: 'chart', role: 'group', tabindex: '0', 'aria-describedby': 'size-readout' });
  const readoutValue = h('span', { id: 'size-readout-value', className: 'value', 'aria-live': 'polite' });
  // Their words are set when the strings arrive (the chart outlives re-renders).
  const readoutHint = h('span', { className: 'muted' });
  const readout = h('p', { id: 'size-readout', className: 'size-readout' }, readoutValue, readoutHint);
  const chartFigure = h('div', { className: 'chart-figure' }, chartHost, readout);
  /** @type {uPlot | undefined} */
  let chart;
  /** @type {string | undefined} */
  let chartKey;
  /** @type {{ times: number[], sizes: number[] } | undefined} */
  let chartData;

  /**
   * @param {string} name
   * @param {string} fallback
   */
  function cssVar(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  /**
   * Shows the day at `idx` in the readout (or the hint when the cursor left the chart).
   * @param {number | null | undefined} idx
   */
  function showReadout(idx) {
    const data = chartData;
    const has = !!data && idx !== null && idx !== undefined && idx >= 0 && idx < data.times.length;
    readoutValue.textContent = has ? format.readout(data.times[idx], data.sizes[idx]) : '';
    readoutHint.hidden = has;
  }

  /** ← → Home End move the cursor from day to day, as the mouse would. */
  chartHost.addEventListener('keydown', (event) => {
    if (!chart || !chartData) return;
    const last = chartData.times.length - 1;
    const current = chart.cursor.idx === null || chart.cursor.idx === undefined ? -1 : chart.cursor.idx;
    /** @type {Partial<Record<string, number>>} */
    const moves = { ArrowLeft: current < 0 ? last : current - 1, ArrowRight: current + 1, Home: 0, End: last };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const idx = Math.max(0, Math.min(last, next));
    chart.setCursor({ left: chart.valToPos(chartData.times[idx], 'x'), top: chart.valToPos(chartData.sizes[idx], 'y') });
  });

  /** @param {{ times: number[], sizes: number[] }} sizes the section's data, oldest first */
  function drawChart(sizes) {
    const key = JSON.stringify([sizes.times, sizes.sizes, document.body.className]);
    if (key === chartKey && chart) return;
    chartKey = key;
    chartData = { times: sizes.times, sizes: sizes.sizes };
    if (chart) chart.destroy();
    chart = undefined;
    chartHost.replaceChildren();
    delete chartHost.dataset.xTicks; // until the new chart has drawn its own
    delete chartHost.dataset.yTicks;
    showReadout(null);
    const line = cssVar('--vscode-charts-blue', '#3794ff');
    const text = cssVar('--vscode-descriptionForeground', '#888');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    const axis = { stroke: text, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    chart = new uPlot({
      width: Math.max(240, chartHost.clientWidth || 600),
      height: 220,
      legend: { show: false },
      cursor: { y: false },
      // Braze's points are whole UTC days: read them as such in every time zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true } },
      series: [{}, { label: t('chartSeries'), stroke: line, width: 2, fill: `${line}22`, points: { show: sizes.times.length <= 31 } }],
      axes: [
        {
          ...axis,
          space: 56,
          incrs: [...format.DAY_INCRS],
          splits: (_u, _axis, min, max, step) => format.daySplits(min, max, step),
          values: (_u, ticks) => mirror('xTicks', format.dayTickLabels(ticks)),
        },
        {
          ...axis,
          incrs: [...format.SIZE_INCRS],
          values: (_u, ticks, _axis, _space, step) => mirror('yTicks', format.sizeTickLabels(ticks, step)),
          // Wide enough for the longest label ("1,250,004"), measured in characters of an 11px font.
          size: (_u, labels) => Math.max(40, 14 + 7 * Math.max(0, ...(labels || []).map((label) => String(label).length))),
        },
      ],
      hooks: { setCursor: [(u) => showReadout(u.cursor.idx)] },
    }, [sizes.times, sizes.sizes], chartHost);
  }

  /**
   * The labels drawn on the canvas, also kept on the chart element for tools that cannot read pixels.
   * @param {'xTicks' | 'yTicks'} name
   * @param {string[]} labels
   */
  function mirror(name, labels) {
    chartHost.dataset[name] = labels.join(' | ');
    return labels;
  }

  new ResizeObserver(() => {
    if (chart && chartHost.clientWidth) chart.setSize({ width: chartHost.clientWidth, height: 220 });
  }).observe(chartHost);

  /**
   * @param {SizesState} sizes
   * @param {boolean | undefined} analyticsTracking
   */
  function sizesSection(sizes, analyticsTracking) {
    const select = h('select', { id: 'size-days', 'aria-label': t('period') }, sizes.periods.map((days) => h('option', { value: days, selected: days === sizes.days }, t('lastDays', days))));
    select.addEventListener('change', () => send({ type: 'setDays', days: Number(select.value) }));
    const hasData = sizes.times && sizes.times.length > 0;
    const body = [];
    // Braze's sizes are estimates, and only meaningful while the segment tracks analytics.
    if (analyticsTracking === false) {
      body.push(h('p', { id: 'analytics-caveat', className: 'caveat' }, t('analyticsCaveat')));
    }
    if (sizes.note) body.push(h('p', { id: 'sizes-note', className: 'muted' }, sizes.note));
    if (sizes.error) {
      const fix = sizes.error.action && sizes.error.action !== 'retry'
        ? button(sizes.error.actionLabel || t('fix'), { type: 'fix', action: sizes.error.action }, { id: 'sizes-fix', className: 'secondary small' })
        : undefined;
      body.push(h('div', { className: 'sizes-error', role: 'alert' },
        h('div', { className: 'banner-text' },
          h('p', { id: 'sizes-error', className: 'error-text' }, sizes.error.message),
          // The chart from the last successful fetch stays below: the note says so, and how old it is.
          sizes.error.note ? h('p', { id: 'sizes-error-note', className: 'note' }, sizes.error.note) : undefined),
        h('div', { className: 'toolbar' },
          button(t('retry'), { type: 'retrySizes' }, { id: 'sizes-retry', className: 'secondary small', title: t('retrySizesTitle') }),
          fix)));
    }
    if (hasData) {
      body.push(h('div', { className: 'size-summary' },
        h('span', { id: 'size-latest', className: 'size-latest' }, sizes.latest || ''),
        h('span', { id: 'size-change', className: 'muted' }, sizes.change || '')));
      chartHost.setAttribute('aria-label', t('chartLabel', sizes.days, sizes.latest || '', sizes.change || ''));
      body.push(chartFigure);
    } else if (sizes.loading) {
      body.push(h('p', { className: 'muted' }, t('loadingSizes')));
    }
    return h('section', { id: 'sizes', className: sizes.loading ? 'loading' : undefined },
      h('div', { className: 'section-head' }, h('h2', {}, t('sizeOverTime')), select), body);
  }

  /** @param {PanelState | undefined} s */
  function render(s) {
    if (!s || !strings) return;
    // Re-rendering replaces the elements: the one that had focus gets it back (by its id).
    const focused = document.activeElement && document.activeElement.id;
    const segment = s.segment;
    const content = [];
    if (s.loading) content.push(h('div', { className: 'progress', role: 'progressbar', 'aria-label': t('loading') }));
    content.push(h('header', {},
      h('h1', { id: 'segment-name', className: segment && segment.unnamed ? 'unnamed' : undefined }, segment ? segment.name : s.loading ? t('loadingSegment') : t('segment')),
      toolbar(s)));
    content.push(idLine(s));
    if (s.error) content.push(errorBanner(s.error));
    if (segment) {
      // What the segment is and how big it is come first, so the chart is in view on opening.
      content.push(description(segment.textDescription));
      if (s.sizes) content.push(sizesSection(s.sizes, s.analyticsTracking));
      content.push(h('section', {}, h('h2', {}, t('tags')), chips(segment.tags, 'tag', segment.tagsOmitted)));
      content.push(h('section', {}, h('h2', {}, t('teams')), chips(segment.teams, 'team', segment.teamsOmitted)));
      content.push(h('section', {}, h('h2', {}, t('dates')), h('dl', { className: 'dates' }, date(t('created'), 'created', segment.created), date(t('updated'), 'updated', segment.updated),
        h('dt', {}, t('analyticsTracking')), h('dd', { 'data-field': 'analytics' }, s.analyticsTracking === undefined ? h('span', { className: 'muted' }, t('analyticsUnknown')) : s.analyticsTracking ? t('on') : t('off')))));
      content.push(section(t('filters'), 'description', segment.description, t('noFilters')));
    }
    // "Staging · US-03 · Fetched 5 minutes ago": the workspace is named only when the user has several.
    content.push(h('footer', { className: 'muted' }, [s.workspace, s.instance, s.fetched].filter(Boolean).join(' · ')));
    root.replaceChildren(...content);
    dropNeedlessToggle();
    if (segment && s.sizes && s.sizes.times && s.sizes.times.length && s.sizes.sizes) drawChart({ times: s.sizes.times, sizes: s.sizes.sizes });
    document.title = segment ? segment.name : t('documentTitle');
    const refocus = focused && document.getElementById(focused);
    if (refocus && refocus !== document.activeElement) refocus.focus();
  }

  // A theme change restyles the page at once; the chart draws on a canvas, so it is drawn again.
  new window.MutationObserver(() => render(state)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  window.addEventListener('message', /** @param {MessageEvent<ToWebview>} event */ (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'state') {
      if (message.strings) {
        strings = message.strings;
        chartHost.setAttribute('aria-roledescription', t('chart'));
        readoutHint.textContent = t('chartHint');
      }
      state = message.state;
      vscode.setState(state);
      render(state);
    } else if (message.type === 'copied') {
      const copied = document.getElementById('copied');
      if (!copied) return;
      copied.hidden = false;
      clearTimeout(copiedTimer);
      copiedTimer = window.setTimeout(() => { copied.hidden = true; }, 1500);
    }
  });

  render(state);
  send({ type: 'ready' });
})();
