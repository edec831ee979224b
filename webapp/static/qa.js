// The QA report page: run QA as a background job with a progress bar, ignore or show again a warning, add a
// word flagged by the spelling check to the project's dictionary.
import { api, followJob } from "./api.js";

function showError(page, message) {
  const box = page.querySelector(".qa-error");
  box.textContent = message;
  box.hidden = false;
}

async function follow(page, job) {
  const bar = page.querySelector(".run-progress");
  const status = page.querySelector(".run-status");
  bar.hidden = false;
  job = await followJob(job, (running) => {
    bar.value = running.progress || 0;
    status.textContent = running.message || running.status;
  });
  bar.value = 1;
  status.textContent = `Done: ${job.result.findings} finding(s) in ${job.result.rows} rows. Reloading…`;
  window.location.reload();
}

async function run(page, button) {
  button.disabled = true;
  try {
    const job = await api(`/documents/${page.dataset.documentId}/qa-jobs`, { method: "POST" });
    await follow(page, job);
  } catch (error) {
    showError(page, error.message);
    button.disabled = false;
  }
}

async function toggle(page, row, button) {
  const ignored = row.dataset.ignored === "true";
  button.disabled = true;
  try {
    await api(`/qa/findings/${row.dataset.findingId}/ignore`, { method: ignored ? "DELETE" : "POST" });
    row.dataset.ignored = String(!ignored);
    row.classList.toggle("ignored", !ignored);
    button.textContent = ignored ? "Ignore" : "Show again";
    button.setAttribute("aria-label", button.getAttribute("aria-label").replace(/^[^:]*/, button.textContent));
  } catch (error) {
    showError(page, error.message);
  } finally {
    button.disabled = false;
  }
}

// The findings and every count shown with them as the server now renders this page (with its filters), put in
// place of the old ones: the template stays the one place that counts them, and the reader keeps the place in
// the page and the status line, which a reload would lose.
async function refresh(page) {
  const response = await fetch(window.location.href, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`the findings could not be read again (${response.status}): reload the page`);
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const part of [".qa-summary", ".qa-results"]) page.querySelector(part).replaceWith(fresh.querySelector(part));
  // The check menu's labels carry the counts; the menu itself keeps whatever the reader chose in it.
  const labels = [...fresh.querySelectorAll(".qa-filters select[name=check] option")].map((o) => o.textContent);
  page.querySelectorAll(".qa-filters select[name=check] option").forEach((option, i) => {
    option.textContent = labels[i];
  });
}

// The word joins the dictionary and the server deletes its findings (in every form the check reads it: "Xinhua's"
// too): the list and its counts are shown again as the server has them now.
async function addWord(page, button) {
  const word = button.dataset.word;
  button.disabled = true;
  try {
    const done = await api(`/projects/${page.dataset.projectId}/dictionary`, { method: "POST", body: { word } });
    page.querySelector(".run-status").textContent = done.message;
    await refresh(page);
  } catch (error) {
    showError(page, error.message);
    button.disabled = false;
  }
}

export function start() {
  const page = document.querySelector(".qa-page");
  if (!page) return;
  page.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("run-qa")) run(page, button);
    else if (button.classList.contains("ignore-toggle")) toggle(page, button.closest("tr"), button);
    else if (button.classList.contains("add-word")) addWord(page, button);
  });
}

start();
