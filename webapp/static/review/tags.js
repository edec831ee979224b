// Inline tags in the review grid. A tag is a token of private-use characters in the row's text (see
// segments/tags.py): open "\ue001" id "\ue000", close "\ue002"…, standalone "\ue003"…. On the page a token is a
// pill ("1", "/1", "3/", its meaning from the row's `tags` map as a title). Rows holding tags are edited in a
// TagEditor: a contenteditable box whose pills cannot be typed into, only moved (drag, or cut and paste) or
// deleted, and which reads and writes like a textarea (value, selectionStart/End, setRangeText), so that
// saving, splitting, inserting a term or a memory match work on it unchanged and send the tokens.

const TOKEN = /([\ue001-\ue003])([0-9]+)\ue000/g;
const TAG_CHAR = /[\ue000-\ue003]/;
const STRAY = /[\ue000-\ue003]/g;
const KIND = { "\ue001": "open", "\ue002": "close", "\ue003": "solo" };
const MARK = { open: "\ue001", close: "\ue002", solo: "\ue003" };
export const TAGGED_MIME = "application/x-bitext-tagged";
const UNDO_STEPS = 200;

export function hasTags(text) {
  return TAG_CHAR.test(text || "");
}

export function tagToken(kind, id) {
  return `${MARK[kind]}${id}\ue000`;
}

// The tags of `text` in order: { kind, id, token, start, end } (offsets in UTF-16 units).
export function tagsOf(text) {
  return [...(text || "").matchAll(TOKEN)].map((m) => ({ kind: KIND[m[1]], id: Number(m[2]), token: m[0],
    start: m.index, end: m.index + m[0].length }));
}

// `text` without tag tokens (and without a stray remain of one).
export function stripTags(text) {
  return (text || "").replace(TOKEN, "").replace(STRAY, "");
}

// Whole tokens kept, anything left of a cut one dropped: what may enter an editor.
function clean(text) {
  const pieces = [];
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    pieces.push(text.slice(at, m.index).replace(STRAY, ""), m[0]);
    at = m.index + m[0].length;
  }
  pieces.push(text.slice(at).replace(STRAY, ""));
  return pieces.join("");
}

export function tagLabel(kind, id) {
  return kind === "open" ? `${id}` : kind === "close" ? `/${id}` : `${id}/`;
}

export function tagPill(kind, id, labels, editable = false) {
  const node = document.createElement("span");
  node.className = `tag tag-${kind}`;
  node.textContent = tagLabel(kind, id);
  const meaning = labels?.[String(id)];
  node.title = meaning ? `Tag ${tagLabel(kind, id)}: ${meaning}` : `Tag ${tagLabel(kind, id)}`;
  node.dataset.token = tagToken(kind, id);
  if (editable) {
    node.contentEditable = "false";
    node.draggable = true;
  }
  return node;
}

// Append `text` to `container` as text nodes and tag pills (never through innerHTML).
export function appendTagged(container, text, labels = null, editable = false) {
  if (!hasTags(text)) {
    if (text) container.append(document.createTextNode(text));
    return container;
  }
  let at = 0;
  for (const tag of tagsOf(text)) {
    if (tag.start > at) container.append(document.createTextNode(text.slice(at, tag.start).replace(STRAY, "")));
    container.append(tagPill(tag.kind, tag.id, labels, editable));
    at = tag.end;
  }
  if (at < text.length) container.append(document.createTextNode(text.slice(at).replace(STRAY, "")));
  return container;
}

// The text a piece of editor DOM stands for: text, tokens of pills, line breaks.
function serialize(root) {
  let out = "";
  const walk = (parent) => {
    for (const child of parent.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.data.replace(STRAY, "");
      else if (child.nodeType !== Node.ELEMENT_NODE) continue;
      else if (child.dataset.token) out += child.dataset.token;
      else if (child.tagName === "BR") out += child === parent.lastChild && parent.parentNode ? "" : "\n";
      else {
        if (/^(DIV|P)$/.test(child.tagName) && out) out += "\n";
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

// The DOM point of text offset `offset` in a flat editor (text nodes and pills, as TagEditor renders it).
function pointAt(root, offset) {
  let left = offset;
  const children = [...root.childNodes];
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const length = child.nodeType === Node.TEXT_NODE ? child.data.length : serialize({ childNodes: [child] }).length;
    if (child.nodeType === Node.TEXT_NODE && left <= length) return [child, left];
    if (left < length) return [root, i + (left > 0 ? 1 : 0)]; // never inside a pill
    left -= length;
  }
  return [root, children.length];
}

export class TagEditor {
  // Build the correction box of a row with tags; `labels` is the row's tag map (or null).
  constructor({ id, lang, label, labels, reference }) {
    const root = document.createElement("div");
    this.root = root;
    this.labels = labels;
    root._tagEditor = this;
    root.id = id;
    root.className = "target-input tag-editor";
    try { root.contentEditable = "plaintext-only"; } catch { root.contentEditable = "true"; }
    Object.assign(root.dataset, { tagged: "true" });
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    root.setAttribute("aria-label", label);
    root.setAttribute("aria-keyshortcuts", "F9");
    root.spellcheck = true;
    root.lang = lang;
    this.reference = reference;
    Object.defineProperties(root, {
      value: { get: () => this.value, set: (text) => this.reset(text) },
      selectionStart: { get: () => this.selection()[0] },
      selectionEnd: { get: () => this.selection()[1] },
      setRangeText: { value: (text, start, end, mode) => this.setRangeText(text, start, end, mode) },
      setSelectionRange: { value: (start, end) => this.select(start, end) },
    });
    root.addEventListener("beforeinput", (event) => this.beforeInput(event));
    root.addEventListener("paste", (event) => this.paste(event));
    root.addEventListener("copy", (event) => this.copy(event, false));
    root.addEventListener("cut", (event) => this.copy(event, true));
    root.addEventListener("dragstart", (event) => this.dragStart(event));
    root.addEventListener("dragover", (event) => event.preventDefault());
    root.addEventListener("drop", (event) => this.drop(event));
    root.addEventListener("dragend", () => { this.dragging = null; });
    // The browser's own undo cannot follow a box re-rendered from its text: Ctrl+Z walks our history instead.
    this.history = [];
    this.future = [];
    root.addEventListener("input", () => this.remember());
    root.addEventListener("keydown", (event) => this.undoKey(event));
  }

  // Text set from outside (a save, a fix, the other version of a conflict) starts a new history.
  reset(text) {
    this.value = text;
    this.history = [this.value];
    this.future = [];
  }

  remember() {
    const value = this.value;
    if (this.restoring || value === this.history[this.history.length - 1]) return;
    this.history.push(value);
    if (this.history.length > UNDO_STEPS) this.history.shift();
    this.future = [];
  }

  undoKey(event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    const redo = key === "y" || (key === "z" && event.shiftKey);
    if (key !== "z" && key !== "y") return;
    event.preventDefault();
    const from = redo ? this.future : this.history;
    if (redo ? !from.length : from.length < 2) return;
    if (redo) this.history.push(from.pop());
    else this.future.push(from.pop());
    const text = this.history[this.history.length - 1];
    const before = this.value;
    let at = 0;
    while (at < text.length && text[at] === before[at]) at++;
    this.value = text;
    this.select(at);
    this.restoring = true;
    this.root.dispatchEvent(new Event("input", { bubbles: true }));
    this.restoring = false;
  }

  get value() { return serialize(this.root); }

  set value(text) {
    this.root.replaceChildren();
    appendTagged(this.root, clean(text || ""), this.labels, true);
  }

  // [start, end] of the selection as text offsets; the end of the text when the focus is elsewhere.
  selection() {
    const selection = window.getSelection();
    if (!selection.rangeCount || !this.root.contains(selection.anchorNode)) {
      const end = this.value.length;
      return [end, end];
    }
    const range = selection.getRangeAt(0);
    return [this.offsetOf(range.startContainer, range.startOffset), this.offsetOf(range.endContainer, range.endOffset)];
  }

  offsetOf(node, offset) {
    const range = document.createRange();
    range.setStart(this.root, 0);
    range.setEnd(node, offset);
    const box = document.createElement("div");
    box.append(range.cloneContents());
    return serialize(box).length;
  }

  select(start, end = start) {
    const range = document.createRange();
    range.setStart(...pointAt(this.root, start));
    range.setEnd(...pointAt(this.root, end));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  setRangeText(text, start, end, mode = "preserve") {
    const value = this.value;
    const [a, b] = [start ?? this.selection()[0], end ?? this.selection()[1]];
    const inserted = clean(text);
    this.value = value.slice(0, a) + inserted + value.slice(b);
    if (document.activeElement !== this.root) return;
    if (mode === "select") this.select(a, a + inserted.length);
    else if (mode === "start") this.select(a);
    else this.select(a + inserted.length);
  }

  // Replace the selection with `text` as the reviewer's own edit (autosave and the diff follow).
  insert(text) {
    const [start, end] = this.selection();
    this.setRangeText(text, start, end, "end");
    this.root.dispatchEvent(new Event("input", { bubbles: true }));
  }

  beforeInput(event) {
    if (event.inputType.startsWith("format")) event.preventDefault(); // no bold in a plain-text correction
    if (event.inputType === "insertParagraph" || event.inputType === "insertLineBreak") {
      event.preventDefault();
      this.insert("\n");
    }
  }

  paste(event) {
    event.preventDefault();
    const data = event.clipboardData;
    this.insert(data.getData(TAGGED_MIME) || data.getData("text/plain"));
  }

  // Copied text keeps its tags for this page (our own type) and goes out as words to anywhere else.
  copy(event, cut) {
    const [start, end] = this.selection();
    if (start === end) return;
    event.preventDefault();
    const text = this.value.slice(start, end);
    event.clipboardData.setData(TAGGED_MIME, text);
    event.clipboardData.setData("text/plain", stripTags(text));
    if (cut) this.insert("");
  }

  dragStart(event) {
    // Dragging a pill's selected label starts on its text node: the pill is its parent.
    const from = event.target.nodeType === Node.TEXT_NODE ? event.target.parentElement : event.target;
    const pill = from?.closest?.(".tag");
    if (!pill || !this.root.contains(pill)) return;
    const start = this.offsetOf(pill.parentNode, [...pill.parentNode.childNodes].indexOf(pill));
    this.dragging = { start, end: start + pill.dataset.token.length };
    event.dataTransfer.setData(TAGGED_MIME, pill.dataset.token);
    event.dataTransfer.setData("text/plain", "");
    event.dataTransfer.effectAllowed = "move";
  }

  // A pill dropped elsewhere in the same box moves there; text from outside is pasted where it falls.
  drop(event) {
    event.preventDefault();
    const point = document.caretRangeFromPoint?.(event.clientX, event.clientY);
    const at = point && this.root.contains(point.startContainer)
      ? this.offsetOf(point.startContainer, point.startOffset) : this.value.length;
    const value = this.value;
    let text = event.dataTransfer.getData(TAGGED_MIME) || event.dataTransfer.getData("text/plain");
    let target = at;
    let next = value;
    if (this.dragging) {
      const { start, end } = this.dragging;
      this.dragging = null;
      if (at >= start && at <= end) return;
      text = value.slice(start, end);
      next = value.slice(0, start) + value.slice(end);
      if (at > end) target = at - (end - start);
    }
    this.value = next.slice(0, target) + clean(text) + next.slice(target);
    this.root.focus();
    this.select(target + text.length);
    this.root.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // The reference's tags (the MT's, else the source's) the correction lacks, in the reference's order.
  missing() {
    const have = new Set(tagsOf(this.value).map((tag) => tag.token));
    return tagsOf(this.reference()).filter((tag) => !have.has(tag.token));
  }

  // F9: put the next missing tag at the caret; an opening tag whose partner is missing too wraps the
  // selection. Returns the labels inserted, or null when none is missing.
  insertNext() {
    const missing = this.missing();
    if (!missing.length) return null;
    const [tag] = missing;
    const [start, end] = this.selection();
    const partner = missing.find((other) => other.id === tag.id && other.kind === "close");
    this.root.focus();
    if (tag.kind === "open" && partner && end > start) {
      const selected = this.value.slice(start, end);
      this.setRangeText(`${tag.token}${selected}${partner.token}`, start, end, "end");
      this.root.dispatchEvent(new Event("input", { bubbles: true }));
      return [tagLabel("open", tag.id), tagLabel("close", tag.id)];
    }
    this.select(start, end);
    this.insert(tag.token);
    return [tagLabel(tag.kind, tag.id)];
  }
}

// The reference text of a row for its missing tags: the MT when it has tags, else the source.
export function tagReference(row) {
  return hasTags(row.mt) ? row.mt : hasTags(row.source) ? row.source : "";
}

// F9 in a row: insert its next missing tag; says what happened.
export function insertNextTag(node) {
  const editor = node.querySelector(".target-input")?._tagEditor;
  if (!editor) return "This row has no inline tags";
  const inserted = editor.insertNext();
  if (!inserted) return "No tag is missing in this row";
  const left = editor.missing().length;
  return `Inserted tag ${inserted.join(" and ")}${left ? ` · ${left} more missing (F9)` : ""}`;
}
