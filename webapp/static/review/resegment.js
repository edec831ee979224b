// Re-segment the document with the project's current settings: a dry run first says what would change and
// which paragraphs are left alone, then Re-segment applies exactly that (the server refuses if rows changed
// meanwhile) and the page rebuilds the list; one undo restores it.
import { api } from "../api.js";
import { el } from "./dom.js";
import { PreviewDialog } from "./preview-dialog.js";

export class ResegmentDialog extends PreviewDialog {
  constructor(dialog, { onApplied, ...options }) {
    // A long document is re-segmented by a background job (202): its result is the outcome.
    super(dialog, { ...options, onApplied: (result) => onApplied(result.job ? result.job.result : result) });
  }

  waiting() { return "Splitting the document with the current settings…"; }

  applyPath() { return `/documents/${this.documentId}/resegment`; }

  preview() { return api(this.applyPath(), { method: "POST", body: { dry_run: true } }); }

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
    return preview.paragraphs ? { versions: preview.versions } : null;
  }

  working() { return "Re-segmenting"; }

  // Rows changed since the preview: say so and preview again, so that what is applied is what was shown.
  refused(error) {
    this.summary.textContent = `Not re-segmented: ${error.message}`;
    if (error.status === 409) setTimeout(() => this.open(), 1500);
  }
}
