// The JSON API client used by the pages: every call returns parsed JSON or throws an ApiError.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `request failed (${status})`);
    this.status = status;
    this.body = body;
  }
}

// The session's CSRF token, from the page's meta tag: every change the page asks for carries it.
export function csrfToken() {
  return document.querySelector("meta[name=csrf-token]")?.content || "";
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = body === undefined ? {} : { "Content-Type": "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const json = response.status !== 204 && response.headers.get("Content-Type")?.includes("json");
  const data = json ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

const POLL_MS = 300;

// Follow a background job (as its API returns it) until it ends: `onProgress(job)` sees every report. Resolves
// to the finished job; throws its error when it failed.
export async function followJob(job, onProgress = () => {}) {
  while (job.status === "queued" || job.status === "running") {
    onProgress(job);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = await api(`/jobs/${job.id}`);
  }
  if (job.status === "failed") throw new Error(job.error || "the job failed");
  return job;
}

// The answer to a change, or `{ job }` once the job the server answered with instead (202: many rows) has
// ended; meanwhile `show` gets "<doing>… 40%".
export async function outcome(answer, show, doing) {
  if (!answer || !("progress" in answer)) return answer;
  return { job: await followJob(answer, (job) => show(`${doing}… ${Math.round(100 * job.progress)}%`)) };
}
