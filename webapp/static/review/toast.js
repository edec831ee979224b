// A quiet message at the bottom of the page, with at most one action (undo, apply to repetitions).
import { el } from "./dom.js";

export class Toast {
  constructor(root) {
    this.root = root;
    this.action = null;
    this.kind = null;
  }

  get visible() { return !this.root.hidden; }

  show(text, action = null, kind = null) {
    this.action = action;
    this.kind = kind;
    const children = [el("span", { className: "toast-text", text })];
    if (action) children.push(el("button", { type: "button", onclick: () => this.run(kind) }, action.label));
    children.push(el("button", { type: "button", className: "secondary", "aria-label": "Dismiss",
      onclick: () => this.hide() }, "×"));
    this.root.replaceChildren(...children);
    this.root.hidden = false;
  }

  hide() {
    this.root.hidden = true;
    this.action = null;
  }

  async run(kind) {
    if (!this.action || this.kind !== kind) return false;
    const action = this.action;
    this.hide();
    try {
      await action.run();
    } catch (error) {
      this.show(`Failed: ${error.message}`);
    }
  }
}
