// Re-segment the document with the project's current settings: a dry run first says what would change and
// which paragraphs are left alone, then Re-segment applies exactly that (the server refuses if rows changed
// meanwhile) and the page rebuilds the list; one undo restores it.
import { api, outcome } from "../api.js";
import { el } from "./dom.js";

export class ResegmentDialog {
  constructor(dialog, { documentId, beforeOpen, onApplied }) {
    Object.assign(this, { dialog, documentId, beforeOpen, onApplied });
    this.list = dialog.querySelector(".preview");
    this.summary = dialog.querySelector(".preview-summary");
    this.applyButton = dialog.querySelector("[data-action=apply]");
    this.applyButton.addEventListener("click", () => this.apply());
    dialog.querySelector("[data-action=close]").addEventListener("click", () => dialog.close());
    this.versions = null;
  }

  url() { return `/documents/${this.documentId}/resegment`; }

  async open() {
    if (await this.beforeOpen()) return;
    this.versions = null;
    this.list.replaceChildren();
    this.applyButton.disabled = true;
    this.summary.textContent = "Splitting the document with the current settings…";
    this.dialog.showModal();
    try {
      const preview = await api(this.url(), { method: "POST", body: { dry_run: true } });
      this.show(preview);
      if (preview.paragraphs) this.versions = preview.versions;
      this.applyButton.disabled = !preview.paragraphs;
      (preview.paragraphs ? this.applyButton : this.dialog.querySelector("[data-action=close]")).focus();
    } catch (error) {
      this.summary.textContent = error.message;
    }
  }

  show(preview) {
    const rows = (count) => `${count} row${count === 1 ? "" : "s"}`;
    this.summary.textContent = preview.paragraphs
      ? `${preview.paragraphs} paragraph${preview.paragraphs === 1 ? "" : "s"} would be re-split: `
        + `${rows(preview.changed_rows.length)} become${preview.changed_rows.length === 1 ? "s" : ""} `
        + `${rows(preview.new_rows)} `
        + `(the document: ${rows(preview.rows_before)} → ${preview.rows_after}).`
      : "No paragraph splits differently with the project's current settings.";
    this.list.replaceChildren(...preview.skipped.map((skip) => el("li", { className: "skipped" },
      el("span", { className: "num", text: `Skipped rows ${skip.rows.join(", ")}` }),
      el("span", { text: skip.reason }))));
  }

  async apply() {
    if (!this.versions) return;
    this.applyButton.disabled = true;
    try {
      // A long document is re-segmented by a background job (202): follow it; its result is the outcome.
      const result = await outcome(await api(this.url(), { method: "POST", body: { versions: this.versions } }),
        (text) => { this.summary.textContent = text; }, "Re-segmenting");
      this.dialog.close();
      await this.onApplied(result.job ? result.job.result : result);
    } catch (error) {
      // Rows changed since the preview: say so and preview again, so that what is applied is what was shown.
      this.summary.textContent = `Not re-segmented: ${error.message}`;
      if (error.status === 409) setTimeout(() => this.open(), 1500);
    }
  }
}
