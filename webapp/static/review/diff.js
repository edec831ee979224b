// Word-level diff, the same algorithm as segments/diff.py: words, spaces and punctuation are tokens,
// CJK characters are compared one by one, an inline tag token is one token; pieces are
// ["equal" | "delete" | "insert", text]. renderDiff draws tags as pills (tags.js).
import { appendTagged } from "./tags.js";

const CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af\\u{20000}-\\u{3134f}";
const TOKEN = new RegExp(
  `[\ue001-\ue003][0-9]+\ue000|[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}_])+|\\s+|[^\\p{L}\\p{N}_\\s]`, "gu");
const MAX_CELLS = 250000;

export function tokens(text) {
  return text.match(TOKEN) || [];
}

function lcsOps(a, b) {
  if (!a.length || !b.length || a.length * b.length > MAX_CELLS) {
    return [...a.map((t) => ["delete", t]), ...b.map((t) => ["insert", t])];
  }
  const n = a.length, m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const ops = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { ops.push(["equal", a[i]]); i++; j++; }
    else if (table[i + 1][j] >= table[i][j + 1]) { ops.push(["delete", a[i]]); i++; }
    else { ops.push(["insert", b[j]]); j++; }
  }
  return [...ops, ...a.slice(i).map((t) => ["delete", t]), ...b.slice(j).map((t) => ["insert", t])];
}

function merge(ops) {
  const merged = [];
  let pending = { delete: "", insert: "" };
  const flush = () => {
    for (const kind of ["delete", "insert"]) if (pending[kind]) merged.push([kind, pending[kind]]);
    pending = { delete: "", insert: "" };
  };
  for (const [op, text] of ops) {
    if (op !== "equal") { pending[op] += text; continue; }
    flush();
    const last = merged[merged.length - 1];
    if (last && last[0] === "equal") last[1] += text;
    else merged.push(["equal", text]);
  }
  flush();
  return merged;
}

export function wordDiff(oldText, newText) {
  const a = tokens(oldText), b = tokens(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const middle = lcsOps(a.slice(start, a.length - end), b.slice(start, b.length - end));
  const head = a.slice(0, start).map((t) => ["equal", t]);
  const tail = a.slice(a.length - end).map((t) => ["equal", t]);
  return merge([...head, ...middle, ...tail]);
}

// Fill `container` with the diff as text, tag pills, <del> and <ins>: user text never goes through innerHTML.
export function renderDiff(container, oldText, newText, labels = null) {
  container.replaceChildren();
  for (const [op, text] of wordDiff(oldText, newText)) {
    if (op === "equal") { appendTagged(container, text, labels); continue; }
    const node = document.createElement(op === "insert" ? "ins" : "del");
    appendTagged(node, text, labels);
    container.append(node);
  }
}
