// Filters (status, QA, comments, text or regular expression) and find & replace with a preview and undo.
import { api, outcome } from "../api.js";
import { renderDiff } from "./diff.js";
import { el } from "./dom.js";

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

export class ReplaceDialog {
  constructor(dialog, { documentId, currentFilter, onApplied }) {
    Object.assign(this, { dialog, documentId, currentFilter, onApplied });
    this.form = dialog.querySelector("form");
    this.list = dialog.querySelector(".preview");
    this.summary = dialog.querySelector(".preview-summary");
    this.applyButton = dialog.querySelector("[data-action=apply]");
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.preview(); });
    this.applyButton.addEventListener("click", () => this.apply());
    dialog.querySelector("[data-action=close]").addEventListener("click", () => dialog.close());
    this.form.addEventListener("input", () => this.clearPreview());
    this.changes = null;
  }

  open() {
    this.clearPreview();
    this.dialog.showModal();
    this.form.querySelector("#replace-find").focus();
  }

  body() {
    const data = new FormData(this.form);
    const filter = this.currentFilter();
    return { ...filter, find: data.get("find"), replace: data.get("replace"),
      find_regex: Boolean(data.get("find_regex")), find_case: Boolean(data.get("find_case")) };
  }

  clearPreview() {
    this.changes = null;
    this.list.replaceChildren();
    this.summary.textContent = "";
    this.applyButton.disabled = true;
  }

  async preview() {
    this.clearPreview();
    try {
      const result = await api(`/documents/${this.documentId}/replace/preview`, { method: "POST", body: this.body() });
      this.changes = result.changes;
      this.summary.textContent = result.total
        ? `${result.total} row${result.total === 1 ? "" : "s"} will change. Check them, then apply.`
        : "Nothing to replace in the rows shown.";
      this.list.replaceChildren(...result.changes.map((change) => {
        const diff = el("div", { className: "diff" });
        renderDiff(diff, change.before, change.after);
        return el("li", {}, el("span", { className: "num", text: `Row ${change.position + 1}` }), diff);
      }));
      this.applyButton.disabled = !result.total;
      this.applyButton.textContent = `Apply ${result.total} change${result.total === 1 ? "" : "s"}`;
    } catch (error) {
      this.summary.textContent = error.message;
    }
  }

  async apply() {
    if (!this.changes?.length) return;
    const rows = this.changes.map((change) => ({ id: change.id, version: change.version }));
    this.applyButton.disabled = true;
    try {
      const result = await outcome(await api(`/documents/${this.documentId}/replace`,
        { method: "POST", body: { ...this.body(), rows } }), (text) => { this.summary.textContent = text; },
        `Replacing in ${rows.length} rows`);
      this.dialog.close();
      await this.onApplied(result);
    } catch (error) {
      this.summary.textContent = `Not applied: ${error.message}`;
      this.applyButton.disabled = false;
    }
  }
}
