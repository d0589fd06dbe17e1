// The Teams view: the user's personal chat with the bot. Messages go to the real Teams bot at
// /api/messages (as Teams would post them); cards are drawn by Microsoft's `adaptivecards`.
let root = null;
let app = null;
let messages = [];

// The page's token (put in a meta tag by the server): sent on every POST, so another site's
// page cannot act as a user here (see src/chat/local/page-guard.ts).
function pageToken() {
  const meta = document.querySelector('meta[name="tend-page-token"]');
  return meta ? { [meta.dataset.header]: meta.content } : {};
}

function loadRenderer() {
  if (window.AdaptiveCards) return Promise.resolve(window.AdaptiveCards);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/local/vendor/adaptivecards.js';
    s.onload = () => resolve(window.AdaptiveCards);
    s.onerror = reject;
    document.head.append(s);
  });
}

const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Teams' TextBlocks use a small Markdown subset.
function markdown(text) {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/(^|\s)_([^_]+)_/g, '$1<i>$2</i>')
    .replace(
      /\[([^\]]+)\]\((https?:[^)]+)\)/g,
      '<a href="$2" target="_blank" rel="noopener">$1</a>',
    )
    .replace(/\n/g, '<br>');
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...pageToken() },
    body: JSON.stringify(body),
  });
  if (!res.ok) app.toast((await res.json().catch(() => ({}))).message ?? `HTTP ${res.status}`);
}

function cardEl(AC, json, messageId) {
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig({ fontFamily: 'Segoe UI, Helvetica, Arial, sans-serif' });
  card.onExecuteAction = (action) => {
    const data = action.data ?? {};
    if (action instanceof AC.ExecuteAction) {
      post('/local/teams/click', {
        user: app.view.me,
        messageId,
        kind: 'execute',
        verb: action.verb,
        data,
      });
    } else if (action instanceof AC.SubmitAction) {
      post('/local/teams/click', { user: app.view.me, messageId, kind: 'submit', data });
    } else if (action instanceof AC.OpenUrlAction) {
      window.open(action.url, '_blank', 'noopener');
    }
  };
  try {
    card.parse(json);
    return card.render() ?? document.createTextNode('(empty card)');
  } catch (error) {
    const p = document.createElement('p');
    p.textContent = `This card could not be drawn: ${error.message}`;
    return p;
  }
}

async function render() {
  if (!root) return;
  const AC = await loadRenderer();
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };
  const list = root.querySelector('.teams-pane');
  list.replaceChildren();
  if (messages.length === 0) {
    list.innerHTML =
      '<p class="empty">Your chat with Tend in Teams. Send <code>health acme</code>, ' +
      '<code>followups</code> or <code>help</code> — the same words as the Slack commands.</p>';
  }
  for (const m of messages) {
    const box = document.createElement('article');
    box.className = `teams-msg${m.from === 'bot' ? '' : ' mine'}`;
    box.dataset.id = m.id;
    const meta = document.createElement('div');
    meta.className = 'teams-meta';
    meta.textContent = `${m.from === 'bot' ? 'Tend' : 'You'}${m.edited ? ' · edited' : ''}`;
    box.append(meta);
    if (m.text && m.cards.length === 0) {
      const t = document.createElement('div');
      t.innerHTML = markdown(m.text);
      box.append(t);
    }
    for (const c of m.cards) box.append(cardEl(AC, c, m.id));
    list.append(box);
  }
  list.scrollTop = list.scrollHeight;
}

export function onTeamsEvent(e) {
  if (e.type === 'teams_message') messages.push(e.message);
  else if (e.type === 'teams_changed') {
    messages = messages.map((m) => (m.id === e.message.id ? e.message : m));
  } else if (e.type === 'teams_deleted') messages = messages.filter((m) => m.id !== e.id);
  else if (e.type === 'teams_notice') app?.toast(e.text);
  render();
}

/** Shows the Teams pane; `context` is { view, toast } from app.js. */
export async function showTeams(pane, context) {
  app = context;
  // Fresh from the server: events that came while the pane was hidden are in it.
  const state = await (
    await fetch(`/local/state?user=${encodeURIComponent(context.view.me)}`)
  ).json();
  messages = [...(state.teams ?? [])];
  if (!root) {
    root = pane;
    pane.innerHTML =
      '<header class="channel-header"><h1>Tend (Teams chat)</h1></header>' +
      '<section class="teams-pane"></section>' +
      '<form class="composer" autocomplete="off"><input aria-label="Teams message" ' +
      'placeholder="Type a message, e.g. health acme"><button type="submit">Send</button></form>';
    pane.querySelector('form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const input = pane.querySelector('input');
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      await post('/local/teams/send', { user: app.view.me, text });
    });
  }
  if (state.teams === null) {
    pane.querySelector('.teams-pane').innerHTML =
      '<p class="empty">The Teams view is off: a Teams app id is set, so Tend talks to real Teams.</p>';
    return;
  }
  render();
}
