// Translation memory in the review page: matches for the focused row (Alt+1…Alt+5 inserts one), concordance of
// the selected text (Alt+Q), and effort tracking: active editing time (idle excluded) and keystrokes per row,
// sent when the reviewer leaves the field, every minute of work, and when the page is hidden.
import { api, csrfToken } from "./api.js";
import { stripTags, tagLabel, tagsOf } from "./review/tags.js";

const IDLE_MS = 30_000; // a pause longer than this is not editing time
const FLUSH_MS = 60_000; // send the time of a long editing stretch at least this often
const MATCHES_TTL_MS = 30_000;
const LOADING_RETRY_MS = 1_000;
const SIDE_OF_CELL = { source: "source", mt: "mt", target: "target" };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key === "className" ? "class" : key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function diffNodes(diff) {
  return diff.map(([op, text]) => (op === "equal" ? document.createTextNode(text)
    : el(op === "delete" ? "del" : "ins", { text })));
}

// Active time and keystrokes of the row being edited; idle gaps are left out.
class EffortTracker {
  constructor() {
    this.row = null;
    this.active = 0;
    this.keys = 0;
    this.last = 0;
  }

  start(row) {
    if (this.row !== row) this.flush();
    this.row = row;
    this.last = performance.now();
  }

  activity(isKey) {
    if (!this.row) return;
    const now = performance.now();
    if (now - this.last < IDLE_MS) this.active += now - this.last;
    this.last = now;
    if (isKey) this.keys += 1;
    if (this.active >= FLUSH_MS) this.flush(false);
  }

  flush(leave = true) {
    const row = this.row;
    if (leave) this.row = null;
    if (!row || (this.active < 1 && this.keys === 0)) return;
    const body = JSON.stringify({ active_ms: Math.round(this.active), keystrokes: this.keys });
    this.active = 0;
    this.keys = 0;
    // keepalive: the report still goes out when the page is being closed.
    fetch(`/api/v1/rows/${row.dataset.rowId}/effort`, { method: "POST", keepalive: true, body,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() }, credentials: "same-origin",
    }).catch(() => {});
  }
}

class MemoryPanel {
  constructor() {
    this.body = el("div", { className: "memory-body", "aria-live": "polite" });
    this.title = el("span", { text: "Translation memory" });
    this.node = el("aside", { className: "memory-panel", hidden: "", "aria-labelledby": "memory-title" },
      el("h2", { id: "memory-title" }, this.title,
        el("button", { type: "button", className: "memory-close", "aria-label": "Close the memory panel",
          onclick: () => { this.node.hidden = true; } }, "×")),
      this.body);
    (document.querySelector(".review-area") || document.querySelector("main") || document.body)
      .after(this.node);
    this.row = null;
    this.matches = [];
    this.cache = new Map();
    this.asked = 0;
  }

  async show(row) {
    this.row = row;
    const id = row.dataset.rowId;
    const cached = this.cache.get(id);
    const fresh = cached && performance.now() - cached.at < MATCHES_TTL_MS;
    const mine = ++this.asked;
    try {
      const found = fresh ? cached.found : await api(`/rows/${id}/matches`);
      if (!fresh) this.cache.set(id, { found, at: performance.now() });
      if (mine === this.asked) this.renderMatches(row, found);
    } catch (error) {
      if (mine !== this.asked) return;
      if (error.status === 503) { // first use since the server started: the memory is being indexed
        this.message("Indexing the translation memory (first use since the server started)…");
        this.node.hidden = false;
        setTimeout(() => { if (mine === this.asked && this.row === row) this.show(row); }, LOADING_RETRY_MS);
        return;
      }
      this.message(`Memory not available: ${error.message}`);
    }
  }

  message(text) {
    this.body.replaceChildren(el("p", { className: "empty", text }));
  }

  note(text) {
    this.body.querySelector(".memory-note")?.remove();
    this.body.prepend(el("p", { className: "memory-note", role: "status", text }));
  }

  renderMatches(row, found) {
    this.matches = found.matches;
    this.title.textContent = `Memory · row ${Number(row.dataset.position) + 1}`;
    const items = found.matches.map((match, n) => el("li", { className: "memory-match", dataset: { entryId: match.id } },
      el("div", { className: "match-head" },
        el("span", { className: "score", text: `${Math.round(match.score)}%` }),
        el("span", { className: "by", text: match.by === "mt" ? "same MT" : "source",
          title: match.by === "mt" ? "The MT was the same or close: this is how it was corrected"
            : "The source was the same or close" }), " ",
        el("button", { type: "button", className: "insert-match secondary", title: `Insert (Alt+${n + 1})`,
          onclick: () => this.insert(n) }, `Insert `, el("kbd", { text: `Alt+${n + 1}` }))),
      el("p", { className: "proposal", lang: "en", text: stripTags(match.target) }),
      match.score < 100 ? el("p", { className: "match-diff" },
        el("span", { className: "label", text: match.by === "mt" ? "MT then → now: " : "source then → now: " }),
        ...diffNodes(match.diff)) : null,
      el("p", { className: "meta", text: [match.document_title || match.origin, match.author,
        (match.created_at || "").slice(0, 10)].filter(Boolean).join(" · ") })));
    const parts = [];
    if (found.prefilled) parts.push(el("p", { className: "prefilled",
      text: "Pre-filled from the memory (100% match): check it, then confirm." }));
    parts.push(items.length ? el("ol", {}, ...items) : el("p", { className: "empty", text: "No match in the memory." }));
    parts.push(el("p", { className: "hint", text: "Select text and press Alt+Q to see its uses in the memory." }));
    this.body.replaceChildren(...parts);
    this.node.hidden = false;
  }

  insert(n) {
    const match = this.matches[n];
    const field = this.row?.querySelector(".target-input");
    if (!match || !field) return false;
    // A memory entry's tags belong to its own document: its words come in, the row's tags are placed anew.
    const before = tagsOf(field.value);
    field.value = stripTags(match.target);
    field.dispatchEvent(new Event("input", { bubbles: true })); // the page's autosave takes it from here
    field.focus();
    const lost = before.length ? before : tagsOf(this.row._row?.mt || "");
    if (lost.length) {
      const names = lost.map((tag) => tagLabel(tag.kind, tag.id)).join(", ");
      this.note(`Inserted without tags: place ${names} again (F9 inserts the next one).`);
    }
    return true;
  }

  async concordance(query, side) {
    const params = new URLSearchParams({ q: query, limit: "30" });
    if (side) params.set("side", side);
    this.node.hidden = false;
    this.title.textContent = `Concordance · ${query}`;
    const mine = ++this.asked;
    try {
      const found = await api(`/memory/concordance?${params}`);
      if (mine !== this.asked) return;
      const items = found.hits.map((hit) => el("li", { className: "memory-match concordance-hit" },
        el("p", {}, `${hit.clipped_before ? "…" : ""}${hit.before}`, el("mark", { text: hit.match }),
          `${hit.after}${hit.clipped_after ? "…" : ""}`),
        el("p", { className: "meta", text: [hit.side === "target" ? hit.source || hit.mt : hit.target,
          hit.document_title].filter(Boolean).join(" · ") })));
      this.body.replaceChildren(items.length ? el("ol", {}, ...items)
        : el("p", { className: "empty", text: `“${query}” is not in the memory.` }));
    } catch (error) {
      if (mine === this.asked) this.message(error.message);
    }
  }
}

function selectedText() {
  const active = document.activeElement;
  if (active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT")) {
    const text = active.value.slice(active.selectionStart, active.selectionEnd).trim();
    if (text) return { text, cell: active.closest(".cell") };
  }
  const selection = window.getSelection();
  const text = selection ? selection.toString().trim() : "";
  const anchor = selection?.anchorNode;
  const cell = (anchor?.nodeType === 1 ? anchor : anchor?.parentElement)?.closest?.(".cell") || null;
  return { text, cell };
}

export function initMemory() {
  if (!document.querySelector('link[href$="memory.css"]')) {
    document.head.append(el("link", { rel: "stylesheet", href: new URL("./memory.css", import.meta.url).href }));
  }
  const panel = new MemoryPanel();
  const tracker = new EffortTracker();
  document.addEventListener("focusin", (event) => {
    const row = event.target.closest?.(".row[data-row-id]");
    if (!row) return;
    if (row !== panel.row) panel.show(row);
    if (event.target.matches(".target-input")) tracker.start(row);
  });
  document.addEventListener("focusout", (event) => {
    if (event.target.matches?.(".target-input")) tracker.flush();
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches?.(".target-input")) tracker.activity(false);
  });
  document.addEventListener("visibilitychange", () => { if (document.hidden) tracker.flush(); });
  document.addEventListener("keydown", (event) => {
    if (event.target.matches?.(".target-input") && !["Shift", "Control", "Alt", "Meta"].includes(event.key)) {
      tracker.activity(true);
    }
    if (!event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const digit = /^Digit([1-9])$/.exec(event.code);
    if (digit && panel.insert(Number(digit[1]) - 1)) event.preventDefault();
    if (event.code === "KeyQ") {
      const { text, cell } = selectedText();
      if (!text) return;
      const side = cell ? Object.keys(SIDE_OF_CELL).find((name) => cell.classList.contains(name)) : null;
      panel.concordance(text, side ? SIDE_OF_CELL[side] : null);
      event.preventDefault();
    }
  });
  return panel;
}
