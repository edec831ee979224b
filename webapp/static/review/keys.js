// Keyboard shortcuts of the review page; the help overlay (`?`) lists the same table.
// Alt combinations use event.code so they work whatever character the layout types.

const ALT = {
  ArrowDown: "next", ArrowUp: "previous", KeyF: "flag", KeyD: "diff", KeyH: "history", KeyM: "comments",
  KeyR: "replace", KeyS: "filter", KeyC: "copyMt", KeyU: "undo", KeyA: "applyRepetitions", KeyN: "nextUnconfirmed",
  Slash: "help", KeyK: "split", KeyJ: "join", KeyL: "alignment", KeyT: "insertTerm", KeyX: "applyFixes",
};
// With Shift as well: structural moves of a source sentence, and diffs of every row.
const ALT_SHIFT = { ArrowUp: "moveSourceUp", ArrowDown: "moveSourceDown", KeyD: "diffAll" };

function inTextField(target) {
  return target.closest?.("input, textarea, select, [contenteditable]") !== null;
}

export function actionFor(event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) return "confirm";
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    if (event.shiftKey && ALT_SHIFT[event.code]) return ALT_SHIFT[event.code];
    return ALT[event.code] || null;
  }
  if (event.key === "F1") return "help";
  // F9 as in memoQ: Alt+T is taken by glossary terms, and browsers keep Ctrl+Shift+T (reopen a tab).
  if (event.key === "F9" && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) return "insertTag";
  if (event.key === "?" && !inTextField(event.target)) return "help";
  if (event.key === "Escape") return "escape";
  return null;
}

export function bindKeys(actions) {
  document.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    const name = actionFor(event);
    if (!name || !actions[name]) return;
    if (name === "confirm" && !event.target.closest?.(".row")) return;
    if (name === "escape" && document.querySelector("dialog[open]")) return;
    const handled = actions[name](event);
    if (handled !== false) event.preventDefault();
  });
}
