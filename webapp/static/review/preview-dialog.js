// A dialog that previews a change to many rows, then applies exactly what it showed: the change sent carries
// the rows' versions from the preview (the server refuses it if one changed meanwhile), a long change runs as a
// background job whose progress the summary shows, and the page rebuilds what changed. A subclass says what
// to ask (`waiting`, `preview`, `applyPath`, `working`) and how to show the answer (`show`, which returns the
// change to send, or null when there is nothing to apply); it may answer a refusal its own way (`refused`),
// and preview on its own cue instead of on opening (`load`).
import { api, outcome } from "../api.js";

export class PreviewDialog {
  constructor(dialog, { documentId, beforeOpen, onApplied }) {
    Object.assign(this, { dialog, documentId, beforeOpen, onApplied });
    this.list = dialog.querySelector(".preview");
    this.summary = dialog.querySelector(".preview-summary");
    this.applyButton = dialog.querySelector("[data-action=apply]");
    this.closeButton = dialog.querySelector("[data-action=close]");
    this.applyButton.addEventListener("click", () => this.apply());
    this.closeButton.addEventListener("click", () => dialog.close());
    this.change = null;
  }

  async open() {
    if (this.beforeOpen && await this.beforeOpen()) return;
    this.dialog.showModal();
    if (await this.load()) (this.change ? this.applyButton : this.closeButton).focus();
  }

  // Ask for the preview and show it, keeping the change it says to apply; false if the preview failed.
  async load() {
    this.clear();
    this.summary.textContent = this.waiting();
    try {
      this.change = this.show(await this.preview());
      this.applyButton.disabled = !this.change;
      return true;
    } catch (error) {
      this.summary.textContent = error.message;
      return false;
    }
  }

  clear() {
    this.change = null;
    this.list.replaceChildren();
    this.summary.textContent = "";
    this.applyButton.disabled = true;
  }

  async apply() {
    if (!this.change) return;
    this.applyButton.disabled = true;
    try {
      const result = await outcome(await api(this.applyPath(), { method: "POST", body: this.change }),
        (text) => { this.summary.textContent = text; }, this.working(this.change));
      this.dialog.close();
      await this.onApplied(result);
    } catch (error) {
      this.refused(error);
    }
  }

  refused(error) {
    this.summary.textContent = `Not applied: ${error.message}`;
    this.applyButton.disabled = false;
  }
}
