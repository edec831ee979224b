// The repairs QA proposes for a row: each finding's fixes as a word diff with Apply; Alt+X applies the defaults.
// A spelling finding also offers Add to dictionary.
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

const SPELLING = "spelling"; // its findings also offer "Add to dictionary", with or without a fix

function proposesChange(issue) {
  return (issue.fixes || []).some((fix) => fix.edits.length);
}

// Findings that propose a change (a default that keeps the text still shows its alternatives).
function fixable(row) {
  return (row.qa || []).filter((issue) => !issue.ignored && proposesChange(issue));
}

// The word a spelling finding flags: the target under its first span (offsets in code points).
export function flaggedWord(row, issue) {
  const [start, end] = issue.spans[0] || [0, 0];
  return Array.from(row.target).slice(start, end).join("");
}

function spellingFor(row, issue) {
  return issue.check === SPELLING && issue.side === "target" && flaggedWord(row, issue) !== "";
}

export function fixBlock(row) {
  const shown = (row.qa || []).filter((issue) => !issue.ignored && (proposesChange(issue) || spellingFor(row, issue)));
  return shown.map((issue) => {
    const options = (issue.fixes || []).filter((fix) => fix.edits.length).slice(0, SHOWN_OPTIONS);
    return el("div", { className: "fix", dataset: { check: issue.check } },
      el("span", { className: "fix-what", title: issue.message, text: issue.message }),
      ...options.map((fix) => {
        const diff = el("span", { className: "fix-diff" });
        compactDiff(diff, row.target, fix.text, row.tags);
        return el("span", { className: `fix-option fix-${fix.kind}` }, diff,
          el("button", { type: "button", className: "tool", text: "Apply",
            title: `Apply this ${fix.kind} fix`, dataset: { action: "apply-fix", findingId: issue.id,
              index: fix.index } }));
      }),
      spellingFor(row, issue) ? dictionaryButton(flaggedWord(row, issue)) : null);
  });
}

function dictionaryButton(word) {
  return el("button", { type: "button", className: "tool", text: "Add to dictionary",
    title: `Add “${word}” to the project's dictionary: the spelling check accepts it in every document`,
    dataset: { action: "add-word", word } });
}

// Add the word to the project's dictionary. The server deletes the word's spelling findings everywhere in the
// project (in the forms the check reads it: "Xinhua's" too), so the loaded rows that showed a spelling finding
// are fetched again (after saving what is being typed).
export async function addToDictionary(page, word) {
  if (await page.editorBusy()) {
    page.toast.show("Not added: a row has changes that are not saved (see its message) — try again once saved.");
    return;
  }
  try {
    const done = await api(`/projects/${page.projectId}/dictionary`, { method: "POST", body: { word } });
    const ids = page.list.loadedRows().filter((node) => (node._row.qa || []).some((issue) =>
      spellingFor(node._row, issue))).map((node) => node._row.id);
    if (ids.length) page.applyRows((await api(`/documents/${page.documentId}/rows?ids=${ids.join(",")}`)).rows);
    page.announce(done.message);
    page.toast.show(done.message);
  } catch (error) {
    page.toast.show(`Not added: ${error.message}`);
  }
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
