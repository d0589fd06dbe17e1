// Block Kit → HTML for the local workspace, close to how Slack draws it. Plain browser JS
// (no build step). Interactive elements call `ctx.act(blockId, actionId, selected)`; input
// blocks of a modal are read back with `readInputs(root)` in view_submission's shape.

const EMOJI = {
  white_check_mark: '✅',
  warning: '⚠️',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  chart_with_downwards_trend: '📉',
  chart_with_upwards_trend: '📈',
  calendar: '📅',
  bell: '🔔',
  memo: '📝',
  rotating_light: '🚨',
  zzz: '💤',
  tada: '🎉',
  x: '❌',
  heavy_check_mark: '✔️',
  moneybag: '💰',
  busts_in_silhouette: '👥',
  eyes: '👀',
  hourglass: '⌛',
  fire: '🔥',
  arrow_down: '⬇️',
  arrow_up: '⬆️',
  information_source: 'ℹ️',
};

function escapeHtml(s) {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// Slack text arrives with & < > escaped as entities; decode them before escaping it all again.
const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function formatPlain(raw) {
  let s = escapeHtml(decode(raw));
  const codes = [];
  s = s.replace(/```([\s\S]*?)```/g, (_, c) => `\uE000${codes.push(`<pre>${c}</pre>`) - 1}\uE000`);
  s = s.replace(/`([^`\n]+)`/g, (_, c) => `\uE000${codes.push(`<code>${c}</code>`) - 1}\uE000`);
  s = s.replace(/(^|[\s(>])\*(?!\s)([^*\n]+?)\*(?=$|[\s).,:;!?<])/g, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(>])_(?!\s)([^_\n]+?)_(?=$|[\s).,:;!?<])/g, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(>])~(?!\s)([^~\n]+?)~(?=$|[\s).,:;!?<])/g, '$1<s>$2</s>');
  s = s.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
  s = s.replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>');
  s = s.replace(/\n/g, '<br>');
  return s.replace(/\uE000(\d+)\uE000/g, (_, i) => codes[Number(i)]);
}

/** Slack mrkdwn to HTML: links, mentions, bold/italic/strike, code, quotes, emoji. */
export function mrkdwn(text, names = {}) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(/<([^<>]+)>/g)) {
    parts.push(formatPlain(text.slice(last, m.index)));
    const [target, label] = m[1].split('|');
    if (target.startsWith('@')) {
      const id = target.slice(1);
      parts.push(`<span class="mention">@${escapeHtml(label ?? names[id] ?? id)}</span>`);
    } else if (target.startsWith('#')) {
      parts.push(`<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`);
    } else if (target.startsWith('!')) {
      parts.push(`<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`);
    } else {
      const href = /^(https?:|mailto:)/.test(target) ? target : '#';
      parts.push(
        `<a href="${escapeHtml(href)}" target="_blank" rel="noopener">${escapeHtml(decode(label ?? target))}</a>`,
      );
    }
    last = m.index + m[0].length;
  }
  parts.push(formatPlain(text.slice(last)));
  return parts.join('');
}

const el = (tag, cls, html) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (html !== undefined) e.innerHTML = html;
  return e;
};

function textHtml(t, names) {
  if (!t) return '';
  return t.type === 'mrkdwn'
    ? mrkdwn(t.text ?? '', names)
    : escapeHtml(t.text ?? '').replace(/\n/g, '<br>');
}

function optionsOf(e) {
  return [...(e.options ?? []), ...(e.option_groups ?? []).flatMap((g) => g.options ?? [])];
}

function selectOf(e, ctx, placeholder) {
  const s = el('select', 'bk-select');
  s.setAttribute('aria-label', e.placeholder?.text ?? placeholder);
  s.append(new Option(e.placeholder?.text ?? placeholder, ''));
  if (e.type === 'users_select' || e.type === 'multi_users_select') {
    for (const u of ctx.users ?? [])
      s.append(new Option(u.name, u.id, false, u.id === e.initial_user));
  } else {
    for (const o of optionsOf(e)) {
      s.append(
        new Option(o.text?.text ?? o.value, o.value, false, o.value === e.initial_option?.value),
      );
    }
  }
  return s;
}

/** Slack's confirm dialog for a button: resolves true when the person goes ahead. */
function confirmDialog(c) {
  return new Promise((resolve) => {
    const d = el('dialog', 'bk-confirm');
    d.setAttribute('aria-label', c.title?.text ?? 'Are you sure?');
    d.append(
      el('h2', '', escapeHtml(c.title?.text ?? 'Are you sure?')),
      el('p', '', textHtml(c.text ?? { type: 'plain_text', text: '' })),
    );
    const row = el('div', 'actions');
    const no = el('button', 'bk-btn', escapeHtml(c.deny?.text ?? 'Cancel'));
    const yes = el('button', `bk-btn ${c.style === 'danger' ? 'danger' : 'primary'}`);
    yes.innerHTML = escapeHtml(c.confirm?.text ?? 'Yes');
    no.type = 'button';
    yes.type = 'button';
    const done = (answer) => {
      d.close();
      d.remove();
      resolve(answer);
    };
    no.addEventListener('click', () => done(false));
    yes.addEventListener('click', () => done(true));
    d.addEventListener('cancel', () => done(false));
    row.append(no, yes);
    d.append(row);
    document.body.append(d);
    d.showModal();
  });
}

/** An interactive element; `inInput` elements are only read on submit, never sent on change. */
function element(e, blockId, ctx, inInput) {
  const send = (selected) => ctx.act?.(blockId, e.action_id, selected);
  switch (e.type) {
    case 'button': {
      const b = el('button', `bk-btn${e.style ? ` ${e.style}` : ''}`, textHtml(e.text));
      b.type = 'button';
      b.dataset.actionId = e.action_id ?? '';
      if (e.url) b.addEventListener('click', () => window.open(e.url, '_blank', 'noopener'));
      b.addEventListener('click', async () => {
        // Slack asks a button's confirm question first; "Cancel" sends nothing.
        if (e.confirm && !(await confirmDialog(e.confirm))) return;
        b.disabled = true;
        try {
          await send();
        } finally {
          b.disabled = false;
        }
      });
      return b;
    }
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'overflow': {
      const s = selectOf(e, ctx, e.type === 'overflow' ? '⋯' : 'Select…');
      if (!inInput) s.addEventListener('change', () => s.value && send(s.value));
      return s;
    }
    case 'datepicker': {
      const d = el('input');
      d.type = 'date';
      if (e.initial_date) d.value = e.initial_date;
      if (!inInput) d.addEventListener('change', () => send(d.value));
      return d;
    }
    case 'timepicker': {
      const t = el('input');
      t.type = 'time';
      if (e.initial_time) t.value = e.initial_time;
      return t;
    }
    case 'plain_text_input': {
      const i = e.multiline ? el('textarea') : el('input');
      if (e.multiline) i.rows = 4;
      if (e.placeholder) i.placeholder = e.placeholder.text;
      if (e.initial_value) i.value = e.initial_value;
      if (e.max_length) i.maxLength = e.max_length;
      return i;
    }
    case 'image':
      return Object.assign(el('img', 'bk-image'), { src: e.image_url, alt: e.alt_text ?? '' });
    default:
      return el('span', 'bk-unknown', `[${escapeHtml(String(e.type))}]`);
  }
}

function section(b, ctx) {
  const s = el('div', 'bk-section');
  const main = el('div', 'bk-section-main');
  if (b.text) main.append(el('div', 'bk-text', textHtml(b.text, ctx.names)));
  if (b.fields?.length) {
    const f = el('div', 'bk-fields');
    for (const field of b.fields) f.append(el('div', 'bk-text', textHtml(field, ctx.names)));
    main.append(f);
  }
  s.append(main);
  if (b.accessory) s.append(element(b.accessory, b.block_id, ctx, false));
  return s;
}

function input(b, ctx, errors) {
  const wrap = el('div', 'bk-input');
  wrap.dataset.blockId = b.block_id;
  wrap.dataset.actionId = b.element?.action_id ?? '';
  wrap.dataset.type = b.element?.type ?? '';
  const id = `in-${b.block_id}`;
  const label = el(
    'label',
    '',
    `${escapeHtml(b.label?.text ?? '')}${b.optional ? ' <span class="optional">(optional)</span>' : ''}`,
  );
  label.htmlFor = id;
  const control = element(b.element ?? {}, b.block_id, ctx, true);
  control.id = id;
  wrap.append(label, control);
  if (b.hint) wrap.append(el('p', 'hint', textHtml(b.hint)));
  if (errors?.[b.block_id]) {
    const error = el('div', 'bk-error', escapeHtml(errors[b.block_id]));
    // Slack clears a field's error as soon as it is edited.
    control.addEventListener('input', () => error.remove(), { once: true });
    wrap.append(error);
  }
  return wrap;
}

/** Renders blocks into a fragment. ctx: { act, users, names, errors }. */
export function renderBlocks(blocks, ctx = {}) {
  const out = document.createDocumentFragment();
  for (const b of blocks ?? []) {
    switch (b.type) {
      case 'header':
        out.append(el('div', 'bk-header', textHtml(b.text)));
        break;
      case 'section':
        out.append(section(b, ctx));
        break;
      case 'divider':
        out.append(el('hr', 'bk-divider'));
        break;
      case 'context': {
        const c = el('div', 'bk-context');
        for (const e of b.elements ?? []) {
          if (e.type === 'image')
            c.append(Object.assign(el('img'), { src: e.image_url, alt: e.alt_text ?? '' }));
          else c.append(el('span', '', textHtml(e, ctx.names)));
        }
        out.append(c);
        break;
      }
      case 'actions': {
        const a = el('div', 'bk-actions');
        for (const e of b.elements ?? []) a.append(element(e, b.block_id, ctx, false));
        out.append(a);
        break;
      }
      case 'image':
        out.append(
          Object.assign(el('img', 'bk-image'), { src: b.image_url, alt: b.alt_text ?? '' }),
        );
        break;
      case 'input':
        out.append(input(b, ctx, ctx.errors));
        break;
      case 'rich_text':
        out.append(el('div', 'bk-text', escapeHtml(JSON.stringify(b.elements ?? []))));
        break;
      default:
        out.append(el('div', 'bk-unknown', `[${escapeHtml(String(b.type))} block]`));
    }
  }
  return out;
}

/** The input blocks' values, as Slack's view.state.values. */
export function readInputs(root) {
  const values = {};
  for (const w of root.querySelectorAll('.bk-input')) {
    const control = w.querySelector('input, textarea, select');
    const type = w.dataset.type;
    const v = control?.value ?? '';
    let state;
    if (type === 'plain_text_input') state = { type, value: v === '' ? null : v };
    else if (type === 'datepicker') state = { type, selected_date: v || null };
    else if (type === 'timepicker') state = { type, selected_time: v || null };
    else if (type === 'users_select') state = { type, selected_user: v || null };
    else {
      const o = control?.selectedOptions?.[0];
      state = {
        type,
        selected_option: v ? { text: { type: 'plain_text', text: o?.text ?? v }, value: v } : null,
      };
    }
    values[w.dataset.blockId] = { [w.dataset.actionId]: state };
  }
  return values;
}
