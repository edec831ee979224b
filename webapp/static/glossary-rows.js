// Glossary table rows: show an entry in a row's fields, and read what the user typed.

const LIST_FIELDS = new Set(["targets", "forbidden"]);

function fieldText(entry, field) {
  const value = entry[field];
  return LIST_FIELDS.has(field) ? value.join(" | ") : String(value ?? "");
}

function changedText(entry) {
  const when = entry.changed_at.slice(0, 16).replace("T", " ");
  return entry.changed_by ? `${when} · ${entry.changed_by}` : when;
}

export function fillRow(row, entry) {
  row.dataset.entryId = entry.id;
  row.dataset.version = entry.version;
  row.className = row.className.replace(/status-\w+/, "").trim() + ` status-${entry.status}`;
  for (const control of row.querySelectorAll("[data-field]")) {
    const text = fieldText(entry, control.dataset.field);
    control.value = text;
    if (control.tagName === "INPUT") control.defaultValue = text;
    control.dataset.saved = text;
  }
  row.querySelector(".changed").textContent = changedText(entry);
  row.querySelector(".pick-entry").setAttribute("aria-label", `Select ${entry.source}`);
  row.querySelector(".delete-entry").setAttribute("aria-label", `Delete ${entry.source}`);
  row.classList.remove("save-failed");
}

export function newRow(entry) {
  const template = document.getElementById("entry-template");
  const row = template.content.querySelector("tr").cloneNode(true);
  fillRow(row, entry);
  return row;
}

export function formEntry(form) {
  const data = Object.fromEntries(new FormData(form).entries());
  for (const key of Object.keys(data)) data[key] = data[key].trim();
  return data;
}
