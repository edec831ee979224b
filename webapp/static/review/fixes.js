// The repairs QA proposes for a row: each finding's fixes as a word diff with Apply; Alt+X applies the defaults.
import { api } from "../api.js";
import { renderDiff } from "./diff.js";
import { el } from "./dom.js";

const SHOWN_OPTIONS = 3;
const CONTEXT = 30; // characters of unchanged text kept on each side of a change

// A word diff of the change only: long unchanged stretches are cut to their ends ("…").
export function compactDiff(container, before, after, labels = null) {
  renderDiff(container, before, after, labels);
  const nodes = [...container.childNodes];
  nodes.forEach((node, i) => {
    if (node.nodeType !== Node.TEXT_NODE || node.textContent.length <= 2 * CONTEXT) return;
    const text = node.textContent;
    if (i === 0) node.textContent = `…${text.slice(-CONTEXT)}`;
    else if (i === nodes.length - 1) node.textContent = `${text.slice(0, CONTEXT)}…`;
    else node.textContent = `${text.slice(0, CONTEXT)} … ${text.slice(-CONTEXT)}`;
  });
}

// Findings that propose a change (a default that keeps the text still shows its alternatives).
function fixable(row) {
  return (row.qa || []).filter((issue) => !issue.ignored && (issue.fixes || []).some((fix) => fix.edits.length));
}

export function fixBlock(row) {
  const items = fixable(row).map((issue) => {
    const options = issue.fixes.filter((fix) => fix.edits.length).slice(0, SHOWN_OPTIONS);
    return el("div", { className: "fix", dataset: { check: issue.check } },
      el("span", { className: "fix-what", title: issue.message, text: issue.message }),
      ...options.map((fix) => {
        const diff = el("span", { className: "fix-diff" });
        compactDiff(diff, row.target, fix.text, row.tags);
        return el("span", { className: `fix-option fix-${fix.kind}` }, diff,
          el("button", { type: "button", className: "tool", text: "Apply",
            title: `Apply this ${fix.kind} fix`, dataset: { action: "apply-fix", findingId: issue.id,
              index: fix.index } }));
      }));
  });
  return items;
}

// Each finding's default fix, where the default changes the text.
export function defaultChoices(row) {
  return fixable(row).filter((issue) => issue.fixes[0].edits.length)
    .map((issue) => ({ finding_id: issue.id, index: 0 }));
}

export async function applyFixes(page, node, choices) {
  if (!choices.length) {
    page.announce("No fix to apply in this row");
    return;
  }
  if (page.editor.dirty(node) && !(await page.editor.save(node))) return;
  try {
    const row = await api(`/rows/${node._row.id}/fixes`, { method: "POST",
      body: { version: Number(node.dataset.version), fixes: choices } });
    page.rowChanged(node, row);
    page.announce("Fix applied");
    if (row.operation_id) {
      page.toast.show("Fix applied.", { label: "Undo (Alt+U)", run: () => page.undo(row.operation_id) }, "undo");
    }
  } catch (error) {
    page.toast.show(`Not applied: ${error.message}`);
    if (error.status === 409 && error.body?.current) page.rowChanged(node, { ...node._row, ...error.body.current });
  }
}
