// The local workspace page: a small Slack-like client of our own stand-in of Slack.
// Everything it shows comes from the server (GET /local/state, then server-sent events).
import { mrkdwn, readInputs, renderBlocks } from './block-kit.js';

const $ = (sel) => document.querySelector(sel);

// The page's token (put in a meta tag by the server): sent on every POST, so another site's
// page cannot act as a user here (see src/chat/local/page-guard.ts).
function pageToken() {
  const meta = document.querySelector('meta[name="tend-page-token"]');
  return meta ? { [meta.dataset.header]: meta.content } : {};
}
const BOT = 'UTENDBOT';
const view = {
  me: localStorage.getItem('tend.user') ?? '',
  users: [],
  channels: [],
  messages: {},
  modals: [],
  home: null,
  current: localStorage.getItem('tend.channel') ?? 'C0CSTEAM',
  tab: 'messages',
  unread: {},
  events: null,
};

async function call(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...pageToken() },
    body: JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    toast(answer.message ?? answer.error ?? `HTTP ${res.status}`);
    throw new Error(answer.error ?? String(res.status));
  }
  return answer;
}

export function toast(text) {
  const t = document.createElement('div');
  t.className = 'toast';
  t.textContent = text;
  $('#toasts').append(t);
  setTimeout(() => t.remove(), 6000);
}

const nameOf = (id) => (id === BOT ? 'Tend' : (view.users.find((u) => u.id === id)?.name ?? id));
const names = () => Object.fromEntries([[BOT, 'Tend'], ...view.users.map((u) => [u.id, u.name])]);
// Written like the cards write instants (src/cards/format.ts formatWhen), in the viewer's zone as
// a chat client does: "14:05" today, "6 Dec 14:05" this year, "6 Dec 2025 14:05" before.
const timeOf = (ts) => {
  const at = new Date(Number(ts.split('.')[0]) * 1000);
  const now = new Date();
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  const year = at.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' };
  return `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...year })} ${time}`;
};

function renderChannels() {
  const ul = $('#channels');
  ul.replaceChildren();
  for (const c of view.channels) {
    const li = document.createElement('li');
    li.dataset.channel = c.id;
    li.className = c.id === view.current ? 'active' : view.unread[c.id] ? 'unread' : '';
    li.textContent = c.kind === 'im' ? '💬 Tend (app)' : `# ${c.name}`;
    if (view.unread[c.id] && c.id !== view.current) {
      const b = document.createElement('span');
      b.className = 'badge';
      b.textContent = view.unread[c.id];
      li.append(b);
    }
    li.addEventListener('click', () => openChannel(c.id));
    ul.append(li);
  }
}

function messageEl(m, reply = false) {
  // A thread reply is a div, so `article.msg` still finds channel messages only.
  const row = document.createElement(reply ? 'div' : 'article');
  row.className = `msg${m.ephemeralTo ? ' ephemeral' : ''}${reply ? ' reply' : ''}`;
  row.dataset.ts = m.ts;
  const avatar = document.createElement('div');
  avatar.className = `avatar${m.user === BOT ? ' bot' : ''}`;
  avatar.textContent = nameOf(m.user).slice(0, 1);
  const body = document.createElement('div');
  body.className = 'msg-body';
  if (m.ephemeralTo) body.innerHTML = '<div class="only-you">Only visible to you</div>';
  const meta = document.createElement('div');
  meta.className = 'msg-meta';
  meta.innerHTML = `<b></b>${m.user === BOT ? '<span class="app-tag">APP</span>' : ''}<time></time>`;
  meta.querySelector('b').textContent = nameOf(m.user);
  meta.querySelector('time').textContent = timeOf(m.ts);
  if (m.edited) meta.insertAdjacentHTML('beforeend', ' <span class="edited">(edited)</span>');
  body.append(meta);
  if (m.blocks?.length) {
    body.append(
      renderBlocks(m.blocks, {
        users: view.users,
        names: names(),
        act: (blockId, actionId, selected) =>
          call('/local/slack/click', {
            user: view.me,
            source: { channel: m.channel, ts: m.ts },
            blockId,
            actionId,
            ...(selected ? { selected } : {}),
          }),
      }),
    );
  } else {
    const text = document.createElement('div');
    text.className = 'bk-text';
    text.innerHTML = mrkdwn(m.text ?? '', names());
    body.append(text);
  }
  // Files shared with the message (files.uploadV2): pictures are shown, the rest named.
  for (const f of m.files ?? []) {
    if (f.mimetype?.startsWith('image/')) {
      const img = document.createElement('img');
      img.className = 'msg-file';
      img.src = f.url;
      img.alt = f.title ?? f.name;
      img.title = f.title ?? f.name;
      body.append(img);
    } else {
      const name = document.createElement('div');
      name.textContent = `📎 ${f.title ?? f.name}`;
      body.append(name);
    }
  }
  // The message's ⋯ menu: Slack's message shortcuts (not on an ephemeral message).
  if (!m.ephemeralTo && !reply) {
    const menu = document.createElement('button');
    menu.type = 'button';
    menu.className = 'msg-shortcut';
    menu.textContent = '⋯ Log to account';
    menu.addEventListener('click', () =>
      call('/local/slack/shortcut', {
        user: view.me,
        channel: m.channel,
        ts: m.ts,
        callbackId: 'log_to_account',
      }),
    );
    body.append(menu);
  }
  row.append(avatar, body);
  return row;
}

function renderMessages(flashTs) {
  const box = $('#messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const list = view.messages[view.current] ?? [];
  // Replies sit under their message, as a thread opened beside it would show them.
  const parents = new Set(list.filter((m) => !m.threadTs).map((m) => m.ts));
  const replies = new Map();
  for (const m of list) {
    if (m.threadTs && parents.has(m.threadTs)) {
      replies.set(m.threadTs, [...(replies.get(m.threadTs) ?? []), m]);
    }
  }
  const rows = list
    .filter((m) => !(m.threadTs && parents.has(m.threadTs)))
    .map((m) => {
      const row = messageEl(m);
      const thread = replies.get(m.ts);
      if (thread) {
        const box = document.createElement('div');
        box.className = 'thread';
        box.dataset.thread = m.ts;
        const head = document.createElement('div');
        head.className = 'thread-head';
        head.textContent = `${thread.length} ${thread.length === 1 ? 'reply' : 'replies'}`;
        box.append(head, ...thread.map((r) => messageEl(r, true)));
        row.querySelector('.msg-body').append(box);
      }
      return row;
    });
  box.replaceChildren(...rows);
  if (list.length === 0) {
    box.innerHTML =
      '<p class="empty">Nothing here yet. Try <code>/health acme</code>, <code>/health</code>, ' +
      '<code>/followups</code>, <code>/renewals</code>, <code>/risk</code> or <code>/cs help</code>.</p>';
  }
  if (flashTs) {
    const changed = box.querySelector(`[data-ts="${CSS.escape(flashTs)}"]`);
    changed?.classList.add('updated');
    setTimeout(() => changed?.classList.remove('updated'), 1500);
  } else if (atBottom || !flashTs) {
    box.scrollTop = box.scrollHeight;
  }
}

function renderHome() {
  const box = $('#home');
  if (!view.home) {
    box.innerHTML = '<p class="empty">Opening Home…</p>';
    return;
  }
  box.replaceChildren(
    renderBlocks(view.home.view.blocks, {
      users: view.users,
      names: names(),
      act: (blockId, actionId, selected) =>
        call('/local/slack/click', {
          user: view.me,
          source: { viewId: view.home.id },
          blockId,
          actionId,
          ...(selected ? { selected } : {}),
        }),
    }),
  );
}

function renderModal() {
  const dialog = $('#modal');
  const top = view.modals.at(-1);
  if (!top) {
    if (dialog.open) dialog.close();
    return;
  }
  const v = top.view;
  dialog.replaceChildren();
  dialog.dataset.viewId = top.id;
  const form = document.createElement('form');
  form.method = 'dialog';
  const header = document.createElement('header');
  header.innerHTML = '<h2></h2><button type="button" class="x" aria-label="Close">×</button>';
  header.querySelector('h2').textContent = v.title?.text ?? '';
  const body = document.createElement('div');
  body.className = 'modal-body';
  body.append(
    renderBlocks(v.blocks, {
      users: view.users,
      names: names(),
      errors: top.errors,
      act: (blockId, actionId, selected) =>
        call('/local/slack/click', {
          user: view.me,
          source: { viewId: top.id },
          blockId,
          actionId,
          ...(selected ? { selected } : {}),
        }),
    }),
  );
  const footer = document.createElement('footer');
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'bk-btn';
  close.textContent = v.close?.text ?? 'Cancel';
  footer.append(close);
  if (v.submit) {
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.className = 'bk-btn primary';
    submit.textContent = v.submit.text;
    footer.append(submit);
  }
  const dismiss = () => call('/local/slack/close', { user: view.me, viewId: top.id });
  close.addEventListener('click', dismiss);
  header.querySelector('.x').addEventListener('click', dismiss);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = footer.querySelector('[type=submit]');
    button.disabled = true;
    try {
      await call('/local/slack/submit', {
        user: view.me,
        viewId: top.id,
        values: readInputs(body),
      });
    } finally {
      button.disabled = false;
    }
  });
  form.append(header, body, footer);
  dialog.append(form);
  if (!dialog.open) dialog.showModal();
}

function renderPane() {
  const c = view.channels.find((x) => x.id === view.current) ?? view.channels[0];
  if (!c) return;
  view.current = c.id;
  $('#channel-title').textContent = c.kind === 'im' ? 'Tend' : `# ${c.name}`;
  $('#channel-tabs').hidden = c.kind !== 'im';
  const home = c.kind === 'im' && view.tab === 'home';
  for (const b of document.querySelectorAll('#channel-tabs button')) {
    b.classList.toggle('active', b.dataset.tab === (home ? 'home' : 'messages'));
  }
  $('#messages').hidden = home;
  $('#composer').hidden = home;
  $('#home').hidden = !home;
  $('#message').placeholder =
    c.kind === 'im'
      ? 'Message Tend — try /followups, or ask: which accounts renew next month?'
      : `Message #${c.name} — try /health acme, or @Tend how many accounts are red?`;
  if (home) renderHome();
  else renderMessages();
}

// What this person last saw in each channel (the newest ts), kept in the browser: messages
// that arrived while the page was closed count as unread when it opens again.
const seenKey = (channel) => `tend.seen.${view.me}.${channel}`;
function markSeen(channel) {
  const last = (view.messages[channel] ?? []).at(-1);
  if (last) localStorage.setItem(seenKey(channel), last.ts);
}
function unreadSinceLastVisit() {
  view.unread = {};
  for (const c of view.channels) {
    const seen = localStorage.getItem(seenKey(c.id));
    // A channel never seen before starts from now: a first visit is not a wall of badges.
    if (seen === null || c.id === view.current) {
      markSeen(c.id);
      continue;
    }
    const n = (view.messages[c.id] ?? []).filter((m) => Number(m.ts) > Number(seen)).length;
    if (n > 0) view.unread[c.id] = n;
  }
}

function openChannel(id) {
  view.current = id;
  view.tab = 'messages';
  localStorage.setItem('tend.channel', id);
  delete view.unread[id];
  markSeen(id);
  renderChannels();
  renderPane();
}

function onEvent(e) {
  switch (e.type) {
    case 'message': {
      view.messages[e.message.channel] = [...(view.messages[e.message.channel] ?? []), e.message];
      if (e.message.channel === view.current) {
        markSeen(view.current);
        renderMessages();
      } else {
        view.unread[e.message.channel] = (view.unread[e.message.channel] ?? 0) + 1;
        renderChannels();
      }
      break;
    }
    case 'message_changed': {
      const list = view.messages[e.message.channel] ?? [];
      const at = list.findIndex((m) => m.ts === e.message.ts);
      if (at >= 0) list[at] = e.message;
      if (e.message.channel === view.current) renderMessages(e.message.ts);
      break;
    }
    case 'message_deleted': {
      view.messages[e.channel] = (view.messages[e.channel] ?? []).filter((m) => m.ts !== e.ts);
      if (e.channel === view.current) renderMessages();
      break;
    }
    case 'modals':
      view.modals = e.stack;
      renderModal();
      break;
    case 'home':
      view.home = e.view;
      if (view.tab === 'home') renderHome();
      break;
    case 'channels':
      load();
      break;
    case 'notice':
      toast(e.text);
      break;
    case 'teams':
      import('./teams.js').then((m) => m.onTeamsEvent(e.event));
      break;
  }
}

async function load() {
  const res = await fetch(`/local/state?user=${encodeURIComponent(view.me)}`);
  const s = await res.json();
  Object.assign(view, {
    me: s.me ?? '',
    users: s.users,
    channels: s.channels,
    messages: s.messages,
    modals: s.modals,
    home: s.home,
  });
  const select = $('#user');
  select.replaceChildren(
    ...s.users.map((u) => new Option(`${u.name} (${u.email})`, u.id, false, u.id === s.me)),
  );
  for (const b of document.querySelectorAll('#jobs button')) {
    b.disabled = !s.jobs;
    b.title = s.jobs ? '' : 'The scheduled jobs are not part of this build yet';
  }
  document.body.dataset.user = view.me;
  unreadSinceLastVisit();
  document.body.dataset.ready = 'true';
  renderChannels();
  renderPane();
  renderModal();
}

function connect() {
  view.events?.close();
  view.events = new EventSource(`/local/events?user=${encodeURIComponent(view.me)}`);
  view.events.onmessage = (m) => onEvent(JSON.parse(m.data));
  // After a reconnect (a server restart), reload: events were missed.
  view.events.onopen = () => load();
}

$('#composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('#message');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  try {
    await call('/local/slack/send', { user: view.me, channel: view.current, text });
  } catch {
    input.value = text;
  }
});

$('#user').addEventListener('change', (e) => {
  view.me = e.target.value;
  localStorage.setItem('tend.user', view.me);
  view.unread = {};
  view.current = 'C0CSTEAM';
  connect();
  if (!$('#teams').hidden)
    import('./teams.js').then((m) => m.showTeams($('#teams'), { view, toast }));
});

for (const b of document.querySelectorAll('#channel-tabs button')) {
  b.addEventListener('click', () => {
    view.tab = b.dataset.tab;
    renderPane();
    if (view.tab === 'home') call('/local/slack/home', { user: view.me });
  });
}

for (const b of document.querySelectorAll('#jobs button')) {
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      // The click's instant is the run's key: a request sent twice runs once, a later click again.
      await call(`/local/jobs/${b.dataset.job}`, { key: Date.now() });
    } finally {
      b.disabled = false;
    }
  });
}

for (const b of document.querySelectorAll('.surface')) {
  b.addEventListener('click', async () => {
    for (const x of document.querySelectorAll('.surface')) x.classList.toggle('active', x === b);
    const teams = b.dataset.surface === 'teams';
    $('#slack').hidden = teams;
    $('#teams').hidden = !teams;
    if (teams) (await import('./teams.js')).showTeams($('#teams'), { view, toast });
  });
}

await load();
connect();
