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

  function chips(items, kind) {
    if (!items.length) return h('p', { className: 'muted' }, kind === 'tag' ? 'No tags' : 'No teams');
    return h('ul', { className: 'chips', 'aria-label': kind === 'tag' ? 'Tags' : 'Teams' }, items.map((item) => h('li', { className: `chip ${kind}` }, item)));
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
      content.push(h('section', {}, h('h2', {}, 'Tags'), chips(segment.tags, 'tag')));
      content.push(h('section', {}, h('h2', {}, 'Teams'), chips(segment.teams, 'team')));
      content.push(h('section', {}, h('h2', {}, 'Dates'), h('dl', { className: 'dates' }, date('Created', segment.created), date('Updated', segment.updated))));
      content.push(section('Filters', 'description', segment.description, 'Braze gave no description of the filters.'));
    }
    content.push(h('footer', { className: 'muted' }, [s.instance, s.fetched].filter(Boolean).join(' · ')));
    root.replaceChildren(...content);
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
