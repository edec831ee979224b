// The glossary page: inline edits saved with the entry's version, add, delete with undo, bulk delete.
import { api, ApiError } from "./api.js";
import { fillRow, formEntry, newRow } from "./glossary-rows.js";

const root = document.querySelector(".glossary");
const glossaryId = root.dataset.glossaryId;
const tbody = root.querySelector("table.entries tbody");
const saveState = document.querySelector(".save-state");
const undoBar = root.querySelector(".undo-bar");
const deleteSelected = root.querySelector(".delete-selected");
let lastDeleted = [];

const entriesPath = `/glossaries/${glossaryId}/entries`;

function say(text) {
  saveState.textContent = text;
}

function failure(error) {
  if (error instanceof ApiError && error.body?.errors) {
    const details = Object.values(error.body.errors).flatMap((v) => Object.values(v)).flat();
    return `${error.message}: ${details.join("; ")}`;
  }
  return error.message;
}

async function saveField(control) {
  const row = control.closest("tr.entry");
  if (control.value === control.dataset.saved) return;
  say("Saving…");
  try {
    const entry = await api(`${entriesPath}/${row.dataset.entryId}`, {
      method: "PATCH",
      body: { version: Number(row.dataset.version), [control.dataset.field]: control.value },
    });
    fillRow(row, entry);
    say("All changes saved");
  } catch (error) {
    row.classList.add("save-failed");
    if (error instanceof ApiError && error.status === 409 && error.body?.current) {
      fillRow(row, error.body.current);
      row.classList.add("save-failed");
      say(`Not saved: ${error.message}. The entry now shows their version.`);
    } else {
      say(`Not saved: ${failure(error)}`);
    }
  }
}

function selectedRows() {
  return [...tbody.querySelectorAll(".pick-entry:checked")].map((box) => box.closest("tr.entry"));
}

function updateBulk() {
  deleteSelected.disabled = selectedRows().length === 0;
}

async function remove(rows) {
  if (!rows.length) return;
  say("Deleting…");
  try {
    await api(`${entriesPath}/delete`, { method: "POST", body: { ids: rows.map((r) => Number(r.dataset.entryId)) } });
  } catch (error) {
    say(`Not deleted: ${failure(error)}`);
    return;
  }
  lastDeleted = rows.map((row) => ({ row, next: row.nextElementSibling }));
  for (const row of rows) row.remove();
  undoBar.querySelector(".undo-text").textContent =
    rows.length === 1 ? `Deleted “${rows[0].querySelector(".f-source").value}”.` : `Deleted ${rows.length} entries.`;
  undoBar.hidden = false;
  say("");
  updateBulk();
}

async function undo() {
  const items = lastDeleted;
  if (!items.length) return;
  try {
    const data = await api(`${entriesPath}/restore`, {
      method: "POST", body: { ids: items.map((item) => Number(item.row.dataset.entryId)) },
    });
    const byId = new Map(data.entries.map((entry) => [String(entry.id), entry]));
    for (const { row, next } of [...items].reverse()) {
      tbody.insertBefore(row, next && next.isConnected ? next : null);
      row.querySelector(".pick-entry").checked = false;
      fillRow(row, byId.get(row.dataset.entryId));
    }
    lastDeleted = [];
    undoBar.hidden = true;
    say(items.length === 1 ? "Entry restored" : `${items.length} entries restored`);
  } catch (error) {
    say(`Not restored: ${failure(error)}`);
  }
}

async function add(event) {
  event.preventDefault();
  const form = event.target;
  say("Adding…");
  try {
    const entry = await api(entriesPath, { method: "POST", body: formEntry(form) });
    tbody.prepend(newRow(entry));
    form.reset();
    form.querySelector("[name=source]").focus();
    say(`Added “${entry.source}”`);
  } catch (error) {
    say(`Not added: ${failure(error)}`);
  }
}

tbody.addEventListener("change", (event) => {
  if (event.target.matches("[data-field]")) saveField(event.target);
  if (event.target.matches(".pick-entry")) updateBulk();
});
tbody.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("input[data-field]")) event.target.blur();
  if (event.key === "Escape" && event.target.matches("input[data-field]")) {
    event.target.value = event.target.dataset.saved;
  }
});
tbody.addEventListener("click", (event) => {
  const button = event.target.closest(".delete-entry");
  if (button) remove([button.closest("tr.entry")]);
});
for (const control of tbody.querySelectorAll("[data-field]")) control.dataset.saved = control.value;
root.querySelector(".pick-all").addEventListener("change", (event) => {
  for (const box of tbody.querySelectorAll(".pick-entry")) box.checked = event.target.checked;
  updateBulk();
});
deleteSelected.addEventListener("click", () => remove(selectedRows()));
undoBar.querySelector(".undo-delete").addEventListener("click", undo);
document.getElementById("add-entry").addEventListener("submit", add);
