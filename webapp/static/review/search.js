// Filters (status, QA, comments, text or regular expression) and find & replace with a preview and undo.
import { api } from "../api.js";
import { renderDiff } from "./diff.js";
import { el } from "./dom.js";
import { PreviewDialog } from "./preview-dialog.js";

export function filterFromForm(form) {
  const data = new FormData(form);
  const filter = { status: data.getAll("status") };
  if (data.get("has_qa")) filter.has_qa = true;
  if (data.get("has_comment")) filter.has_comment = true;
  const text = data.get("text") || "";
  if (text) Object.assign(filter, { text, where: data.get("where"), regex: Boolean(data.get("regex")),
    case: Boolean(data.get("case")) });
  return filter;
}

export function isEmpty(filter) {
  return !filter.status.length && !filter.has_qa && !filter.has_comment && !filter.text;
}

export function queryString(filter) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (key === "status") { if (value.length) params.set("status", value.join(",")); }
    else if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params.toString();
}

export class Filters {
  constructor(form, { onApply }) {
    this.form = form;
    this.error = form.querySelector(".filter-error");
    this.text = form.querySelector("#filter-text");
    form.addEventListener("submit", (event) => { event.preventDefault(); this.apply(); });
    form.addEventListener("reset", () => setTimeout(() => this.apply(), 0));
    for (const box of form.querySelectorAll("input[type=checkbox]:not(.text-option)")) {
      box.addEventListener("change", () => this.apply());
    }
    this.onApply = onApply;
  }

  async apply() {
    this.error.textContent = "";
    this.text.removeAttribute("aria-invalid");
    try {
      await this.onApply(filterFromForm(this.form));
    } catch (error) {
      this.error.textContent = error.message;
      this.text.setAttribute("aria-invalid", "true");
    }
  }

  focus() { this.text.focus(); this.text.select(); }
}

export class ReplaceDialog extends PreviewDialog {
  // The preview follows the form (Enter), not the opening; editing the form drops it.
  constructor(dialog, { documentId, currentFilter, onApplied }) {
    super(dialog, { documentId, onApplied });
    this.currentFilter = currentFilter;
    this.form = dialog.querySelector("form");
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.load(); });
    this.form.addEventListener("input", () => this.clear());
  }

  open() {
    this.clear();
    this.dialog.showModal();
    this.form.querySelector("#replace-find").focus();
  }

  body() {
    const data = new FormData(this.form);
    const filter = this.currentFilter();
    return { ...filter, find: data.get("find"), replace: data.get("replace"),
      find_regex: Boolean(data.get("find_regex")), find_case: Boolean(data.get("find_case")) };
  }

  waiting() { return ""; }

  preview() { return api(`/documents/${this.documentId}/replace/preview`, { method: "POST", body: this.body() }); }

  show(result) {
    this.summary.textContent = result.total
      ? `${result.total} row${result.total === 1 ? "" : "s"} will change. Check them, then apply.`
      : "Nothing to replace in the rows shown.";
    this.list.replaceChildren(...result.changes.map((change) => {
      const diff = el("div", { className: "diff" });
      renderDiff(diff, change.before, change.after);
      return el("li", {}, el("span", { className: "num", text: `Row ${change.position + 1}` }), diff);
    }));
    this.applyButton.textContent = `Apply ${result.total} change${result.total === 1 ? "" : "s"}`;
    const rows = result.changes.map((change) => ({ id: change.id, version: change.version }));
    return result.total ? { ...this.body(), rows } : null;
  }

  applyPath() { return `/documents/${this.documentId}/replace`; }

  working(change) { return `Replacing in ${change.rows.length} rows`; }
}
