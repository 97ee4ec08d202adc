// locket ui: reveal and copy a value on request. The value is fetched by a POST carrying the
// page's CSRF token, shown for a short time, then replaced by the mask again.
"use strict";

const SHOWN_FOR_MS = 20000;

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.classList.contains("reveal")) return;
  event.preventDefault();
  const action = event.submitter ? event.submitter.value : "reveal";
  const cell = form.closest("td");
  const mask = cell.querySelector(".mask");
  const body = new URLSearchParams(new FormData(form));
  body.delete("do");
  let response;
  try {
    response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
  } catch (e) {
    say(cell, "The server did not answer: is `locket ui` still running?");
    return;
  }
  const text = await response.text();
  if (!response.ok) {
    say(cell, "Not shown: " + text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300));
    return;
  }
  if (action === "copy") {
    try {
      await navigator.clipboard.writeText(text);
      say(cell, "Copied");
    } catch (e) {
      say(cell, "The browser refused the clipboard: use Reveal and copy by hand");
    }
    return;
  }
  const masked = mask.dataset.mask || mask.textContent;
  mask.dataset.mask = masked;
  mask.textContent = text;
  mask.classList.add("revealed");
  clearTimeout(mask.hideTimer);
  mask.hideTimer = setTimeout(() => {
    mask.textContent = masked;
    mask.classList.remove("revealed");
  }, SHOWN_FOR_MS);
});

function say(cell, message) {
  let status = cell.querySelector(".status");
  if (!status) {
    status = document.createElement("span");
    status.className = "status";
    status.setAttribute("role", "status");
    cell.appendChild(status);
  }
  status.textContent = " " + message;
  clearTimeout(status.hideTimer);
  status.hideTimer = setTimeout(() => { status.textContent = ""; }, 4000);
}
