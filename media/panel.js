// The detail panel's page script. Everything it shows arrives as JSON from the extension and is put
// into the page with textContent only: a segment named "<script>" shows those characters, nothing runs.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  let state = vscode.getState();
  let copiedTimer;

  /** Builds an element; string children become text nodes, never HTML. */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'onClick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  const send = (message) => vscode.postMessage(message);

  function button(label, message, props) {
    return h('button', { type: 'button', ...props, onClick: () => send(message) }, label);
  }

  function chips(items, kind, omitted) {
    if (!items.length && !omitted) return h('p', { className: 'muted' }, kind === 'tag' ? 'No tags' : 'No teams');
    const more = omitted ? h('li', { className: 'chip more', 'data-omitted': String(omitted) }, `…and ${omitted.toLocaleString('en')} more`) : undefined;
    return h('ul', { className: 'chips', 'aria-label': kind === 'tag' ? 'Tags' : 'Teams' }, items.map((item) => h('li', { className: `chip ${kind}` }, item)), more);
  }

  function date(label, value) {
    return [h('dt', {}, label), h('dd', { 'data-field': label.toLowerCase() }, value ? h('time', { datetime: value.iso, title: value.iso }, `${value.absolute} (${value.relative})`) : h('span', { className: 'muted' }, 'Unknown'))];
  }

  function section(title, field, text, emptyText) {
    return h('section', {}, h('h2', {}, title), text ? h('p', { className: 'prose', 'data-field': field }, text) : h('p', { className: 'muted', 'data-field': field }, emptyText));
  }

  function errorBanner(error) {
    return h('div', { className: 'banner error', role: 'alert', id: 'error' },
      h('p', { id: 'error-message' }, error.message),
      error.action ? button(error.actionLabel || 'Fix', { type: 'fix', action: error.action }, { id: 'error-action', className: 'primary' }) : undefined);
  }

  function toolbar(s) {
    return h('div', { className: 'toolbar' },
      button(s.loading ? 'Refreshing…' : 'Refresh', { type: 'refresh' }, { id: 'refresh', disabled: s.loading, title: 'Fetch this segment from Braze again' }),
      button('Open Braze dashboard', { type: 'openDashboard' }, { id: 'open-dashboard', disabled: !s.hasDashboard, title: s.hasDashboard ? `Open the ${s.instance} dashboard in your browser` : 'No dashboard is known for this endpoint' }));
  }

  function idLine(id) {
    return h('div', { className: 'id-line' },
      h('span', { className: 'muted' }, 'Segment id'),
      h('code', { id: 'segment-id' }, id),
      button('Copy', { type: 'copyId' }, { id: 'copy-id', className: 'secondary small', title: 'Copy the segment id' }),
      h('span', { id: 'copied', className: 'muted', hidden: true, role: 'status' }, 'Copied'));
  }

  // The chart lives outside the re-rendered tree, so a state update that does not change the data
  // keeps the same uPlot instance (and the user's cursor on it).
  const chartHost = h('div', { id: 'size-chart', className: 'chart', role: 'img' });
  let chart;
  let chartKey;

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
  const full = new Intl.NumberFormat('en');

  function drawChart(sizes) {
    const key = JSON.stringify([sizes.times, sizes.sizes, document.body.className]);
    if (key === chartKey && chart) return;
    chartKey = key;
    if (chart) chart.destroy();
    chart = undefined;
    chartHost.replaceChildren();
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
      scales: { x: { time: true } },
      series: [{}, { label: 'Size', stroke: line, width: 2, fill: `${line}22`, points: { show: sizes.times.length <= 31 }, value: (_u, v) => (v === null || v === undefined ? '' : full.format(v)) }],
      axes: [axis, { ...axis, size: 56, values: (_u, values) => values.map((v) => compact.format(v)) }],
    }, [sizes.times, sizes.sizes], chartHost);
  }

  new ResizeObserver(() => {
    if (chart && chartHost.clientWidth) chart.setSize({ width: chartHost.clientWidth, height: 220 });
  }).observe(chartHost);

  function sizesSection(sizes) {
    const select = h('select', { id: 'size-days', 'aria-label': 'Period' }, sizes.periods.map((days) => h('option', { value: days, selected: days === sizes.days }, `Last ${days} days`)));
    select.addEventListener('change', () => send({ type: 'setDays', days: Number(select.value) }));
    const hasData = sizes.times && sizes.times.length > 0;
    const body = [];
    if (sizes.note) body.push(h('p', { id: 'sizes-note', className: 'muted' }, sizes.note));
    if (sizes.error) body.push(h('p', { id: 'sizes-error', className: 'error-text' }, sizes.error.message));
    if (hasData) {
      body.push(h('div', { className: 'size-summary' },
        h('span', { id: 'size-latest', className: 'size-latest' }, sizes.latest || ''),
        h('span', { id: 'size-change', className: 'muted' }, sizes.change || '')));
      chartHost.setAttribute('aria-label', `Segment size over the last ${sizes.days} days. ${sizes.latest || ''}. ${sizes.change || ''}`);
      body.push(chartHost);
    } else if (sizes.loading) {
      body.push(h('p', { className: 'muted' }, 'Loading sizes…'));
    }
    return h('section', { id: 'sizes', className: sizes.loading ? 'loading' : undefined },
      h('div', { className: 'section-head' }, h('h2', {}, 'Size over time'), select), body);
  }

  function render(s) {
    if (!s) return;
    const segment = s.segment;
    const content = [];
    if (s.loading) content.push(h('div', { className: 'progress', role: 'progressbar', 'aria-label': 'Loading' }));
    content.push(h('header', {},
      h('h1', { id: 'segment-name', className: segment && segment.unnamed ? 'unnamed' : undefined }, segment ? segment.name : s.loading ? 'Loading segment…' : 'Segment'),
      toolbar(s)));
    content.push(idLine(s.id));
    if (s.error) content.push(errorBanner(s.error));
    if (segment) {
      content.push(section('Description', 'text_description', segment.textDescription, 'No description.'));
      content.push(h('section', {}, h('h2', {}, 'Tags'), chips(segment.tags, 'tag', segment.tagsOmitted)));
      content.push(h('section', {}, h('h2', {}, 'Teams'), chips(segment.teams, 'team', segment.teamsOmitted)));
      content.push(h('section', {}, h('h2', {}, 'Dates'), h('dl', { className: 'dates' }, date('Created', segment.created), date('Updated', segment.updated),
        h('dt', {}, 'Analytics tracking'), h('dd', { 'data-field': 'analytics' }, s.analyticsTracking === undefined ? h('span', { className: 'muted' }, 'Unknown until the segment list is loaded') : s.analyticsTracking ? 'On' : 'Off'))));
      if (s.sizes) content.push(sizesSection(s.sizes));
      content.push(section('Filters', 'description', segment.description, 'Braze gave no description of the filters.'));
    }
    content.push(h('footer', { className: 'muted' }, [s.instance, s.fetched].filter(Boolean).join(' · ')));
    root.replaceChildren(...content);
    if (segment && s.sizes && s.sizes.times && s.sizes.times.length) drawChart(s.sizes);
    document.title = segment ? segment.name : 'Braze segment';
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'state') {
      state = message.state;
      vscode.setState(state);
      render(state);
    } else if (message.type === 'copied') {
      const copied = document.getElementById('copied');
      if (!copied) return;
      copied.hidden = false;
      clearTimeout(copiedTimer);
      copiedTimer = setTimeout(() => { copied.hidden = true; }, 1500);
    }
  });

  render(state);
  send({ type: 'ready' });
})();
