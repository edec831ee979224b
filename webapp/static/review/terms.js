// Glossary terms in the review: the approved translation in a tooltip when a term has the keyboard focus
// (hovering shows the same text as the mark's title), Alt+T to insert it at the cursor, and "Fix forbidden
// variants" across the document with a preview and one undo.
import { api } from "../api.js";
import { renderDiff } from "./diff.js";
import { el } from "./dom.js";
import { PreviewDialog } from "./preview-dialog.js";

const TERM_KINDS = new Set(["term", "forbidden"]);

// The row's glossary marks that call for a translation (terms of the source, forbidden variants; an approved
// target term in the MT needs nothing), the first of each `key` (by default: one per term).
export function rowTerms(row, key = (mark) => mark.term_id) {
  const seen = new Set();
  return (row.marks || []).filter((mark) => {
    if (!TERM_KINDS.has(mark.kind) || !mark.preferred) return false;
    if (mark.side !== "source" && mark.kind !== "forbidden") return false;
    if (seen.has(key(mark))) return false;
    seen.add(key(mark));
    return true;
  });
}

// What Alt+T inserts: the term under the pointer or the focus; otherwise, of the terms whose translation
// the correction lacks, the one whose place in its sentence is nearest the cursor's place in the correction.
function termToInsert(node, field) {
  const pointed = node.querySelector("mark[data-preferred]:focus, mark[data-preferred]:hover");
  if (pointed) return pointed.dataset.preferred;
  const text = field.value.toLocaleLowerCase();
  const missing = rowTerms(node._row).filter((mark) => !text.includes(mark.preferred.toLocaleLowerCase()));
  const at = field.value.length ? field.selectionStart / field.value.length : 0;
  const place = (mark) => {
    const length = Array.from(mark.side === "source" ? node._row.source : node._row.mt).length || 1;
    return Math.abs(mark.start / length - at);
  };
  missing.sort((a, b) => place(a) - place(b));
  return missing[0]?.preferred || null;
}

// Insert the approved translation at the cursor (replacing a selection) and let autosave run.
export function insertTerm(node) {
  const field = node.querySelector(".target-input");
  const preferred = termToInsert(node, field);
  if (!preferred) return null;
  const { selectionStart: start, selectionEnd: end, value } = field;
  const word = /[\p{L}\p{N}]/u;
  const before = start > 0 && word.test(value[start - 1]) ? " " : "";
  const after = end < value.length && word.test(value[end]) ? " " : "";
  field.focus();
  field.setRangeText(`${before}${preferred}${after}`, start, end, "end");
  field.dispatchEvent(new Event("input"));
  return preferred;
}

// The tooltip of a focused term: the same text as its title, which only a mouse pointer shows.
export class TermTip {
  constructor(tip, container) {
    this.tip = tip;
    container.addEventListener("focusin", (event) => {
      const mark = event.target.closest?.("mark[data-preferred]");
      if (mark) this.show(mark);
    });
    container.addEventListener("focusout", () => this.hide());
  }

  show(mark) {
    this.tip.textContent = mark.title;
    const box = mark.getBoundingClientRect();
    this.tip.style.left = `${Math.max(4, box.left + window.scrollX)}px`;
    this.tip.style.top = `${box.bottom + window.scrollY + 4}px`;
    this.tip.hidden = false;
  }

  hide() { this.tip.hidden = true; }
}

// "Fix forbidden variants": a preview of every change per row, apply with the versions previewed, undo.
export class FixDialog extends PreviewDialog {
  waiting() { return "Looking for forbidden variants…"; }

  preview() { return api(`/documents/${this.documentId}/fix-forbidden/preview`, { method: "POST" }); }

  show({ rows: found }) {
    const rows = found.filter((row) => row.new !== row.old);
    this.list.replaceChildren(...found.map((row) => this.item(row)));
    const count = rows.length;
    this.summary.textContent = found.length
      ? `${count} row${count === 1 ? "" : "s"} will change. Check them, then apply.`
      : "No forbidden variants in this document.";
    this.applyButton.textContent = `Apply to ${count} row${count === 1 ? "" : "s"}`;
    return count ? { rows: rows.map((row) => ({ id: row.link_id, version: row.version })) } : null;
  }

  item(row) {
    const diff = el("div", { className: "diff" });
    renderDiff(diff, row.old, row.new);
    const changes = el("ul", { className: "term-changes" }, ...row.changes.map((change) => el("li", {
      text: change.applied ? `${change.old} → ${change.new}`
        : `${change.old} → ${change.new}: left for you (an inflected form)` })));
    return el("li", {}, el("span", { className: "num", text: `Row ${row.position + 1}` }),
      el("div", {}, diff, changes));
  }

  applyPath() { return `/documents/${this.documentId}/fix-forbidden/apply`; }

  working({ rows }) { return `Fixing ${rows.length} rows`; }
}
