// One review row as DOM: gutter (number, status, flags) | source | MT | correction with its tools.
import { renderDiff } from "./diff.js";
import { el, grow, markNode, markedText } from "./dom.js";
import { fixBlock } from "./fixes.js";
import { TagEditor, hasTags, tagReference } from "./tags.js";
import { rowTerms } from "./terms.js";

export const LOW_SCORE = 0.5;

function side(row, name) {
  return (row.marks || []).filter((mark) => mark.side === name);
}

function flags(row) {
  const items = [];
  if (row.score < LOW_SCORE) items.push(el("span", { className: "flag flag-low", title: "Low alignment confidence",
    text: `≈ ${Math.round(row.score * 100)}%` }));
  if (row.source && !row.mt) items.push(el("span", { className: "flag flag-orphan", text: "no MT" }));
  const warnings = (row.qa || []).filter((issue) => !issue.ignored);
  if (warnings.length) items.push(el("span", { className: "flag flag-qa", text: `QA ${warnings.length}`,
    title: warnings.map((issue) => issue.message).join("\n") }));
  if (row.comments) items.push(el("span", { className: "flag flag-comment",
    text: `${row.comments} comment${row.comments === 1 ? "" : "s"}`,
    title: `${row.comments} comment(s), ${row.open_comments} open` }));
  return items;
}

function button(action, label, shortcut) {
  return el("button", { type: "button", className: "tool", dataset: { action },
    title: shortcut ? `${label} (${shortcut})` : label, text: label });
}

export function renderRow(row, ctx) {
  const number = row.position + 1;
  const source = el("div", { className: "cell source", lang: ctx.srcLang });
  markedText(source, row.source, side(row, "source"), row.tags);
  const mt = el("div", { className: "cell mt", lang: ctx.tgtLang });
  if (row.mt) markedText(mt, row.mt, side(row, "mt"), row.tags);
  else if (row.source) mt.append(el("span", { className: "warning", text: "No machine translation for this source sentence" }));
  const field = correctionField(row, ctx, number);
  field.value = row.target;
  const node = el("div", { className: `row status-${row.status}`, role: "group", "aria-labelledby": `n${row.id}`,
    dataset: { rowId: row.id, version: row.version, index: row.index, position: row.position } },
  el("div", { className: "gutter" },
    el("span", { className: "num", id: `n${row.id}`, text: `${number}`, title: `Row ${number}` }),
    el("span", { className: "status", dataset: { status: row.status }, text: row.status }),
    el("span", { className: "flags" }, ...flags(row))),
  source, mt,
  el("div", { className: "cell target" },
    el("label", { className: "visually-hidden", for: `t${row.id}`, text: `Correction of row ${number}` }),
    field,
    el("div", { className: "diff", hidden: true, "aria-label": `Changes to the MT in row ${number}` }),
    el("div", { className: "target-marks" }),
    el("p", { className: "term-hints", id: `g${row.id}` }),
    el("div", { className: "row-fixes", "aria-label": `Proposed fixes for row ${number}` }, ...fixBlock(row)),
    el("div", { className: "row-tools" },
      button("confirm", "Confirm", "Ctrl+Enter"), button("flag", "Flag", "Alt+F"),
      button("diff", "Diff", "Alt+D"), button("history", "History", "Alt+H"),
      button("comments", "Comment", "Alt+M"), button("split", "Split", "Alt+K"),
      button("join", "Join next", "Alt+J"), button("alignment", "Alignment", "Alt+L")),
    el("div", { className: "conflict", hidden: true, role: "alert" })));
  node._row = row;
  if (row.score < LOW_SCORE) node.dataset.low = "true";
  if (row.source && !row.mt) node.dataset.orphan = "true";
  targetMarks(node, row);
  termHints(node, row);
  requestAnimationFrame(() => grow(field));
  return node;
}

// A row with inline tags anywhere is corrected in a TagEditor (tags as pills that move but never break); the
// others keep the plain textarea.
function correctionField(row, ctx, number) {
  if (hasTags(row.target) || hasTags(row.mt) || hasTags(row.source)) {
    const editor = new TagEditor({ id: `t${row.id}`, lang: ctx.tgtLang, label: `Correction of row ${number}`,
      labels: row.tags || null, reference: () => tagReference(row) });
    editor.root.setAttribute("aria-describedby", `g${row.id}`);
    return editor.root;
  }
  return el("textarea", { id: `t${row.id}`, className: "target-input", rows: 1, lang: ctx.tgtLang,
    spellcheck: "true", "aria-describedby": `g${row.id}` });
}

function targetMarks(node, row) {
  const marks = side(row, "target");
  const chars = Array.from(row.target);
  node.querySelector(".target-marks").replaceChildren(
    ...marks.map((mark) => markNode(mark, chars.slice(mark.start, mark.end).join(""), row.tags)));
}

// The approved translations of the row's glossary terms, in words, under the correction (its description).
function termHints(node, row) {
  const texts = { source: row.source, mt: row.mt, target: row.target };
  const text = (mark) => Array.from(texts[mark.side] || "").slice(mark.start, mark.end).join("");
  const terms = rowTerms(row, (mark) => `${mark.term_id} ${mark.kind}`);
  const hints = terms.map((mark) => mark.kind === "forbidden"
    ? `not “${text(mark)}” but ${mark.preferred}` : `${text(mark)} → ${mark.preferred}`);
  node.querySelector(".term-hints").textContent = hints.length ? `Glossary: ${hints.join(" · ")} (Alt+T inserts)` : "";
}

// Bring an existing row node up to date with `row` from the server (the field only if it is not being edited).
export function updateRow(node, row, { keepText = false } = {}) {
  node._row = { ...node._row, ...row };
  node.dataset.version = row.version;
  node.className = `row status-${row.status}`;
  const badge = node.querySelector(".status");
  badge.dataset.status = row.status;
  badge.textContent = row.status;
  node.querySelector(".flags").replaceChildren(...flags(node._row));
  if (row.marks) {
    targetMarks(node, node._row);
    termHints(node, node._row);
  }
  if (row.qa) node.querySelector(".row-fixes").replaceChildren(...fixBlock(node._row));
  const field = node.querySelector(".target-input");
  if (!keepText && field.value !== row.target) {
    field.value = row.target;
    grow(field);
  }
  refreshDiff(node);
}

export function refreshDiff(node) {
  const box = node.querySelector(".diff");
  const target = node.querySelector(".target-input").value;
  // An untouched row has nothing to show: the diff would only repeat the MT.
  const shown = (node.dataset.diff === "on" || document.body.dataset.diffs === "on") && target !== node._row.mt;
  box.hidden = !shown;
  if (shown) renderDiff(box, node._row.mt, target, node._row.tags);
}
