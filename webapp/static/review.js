// Entry point of the review page (no inline script: the page's data lives in data-* attributes).
import { initMemory } from "./review-memory.js";
import { start } from "./review/page.js";

start();
initMemory();
