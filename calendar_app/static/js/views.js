// Small conveniences on top of pages that work without JavaScript.
"use strict";

// The device's own zone, as the browser names it ("Asia/Tokyo"); "" if it cannot say.
function deviceZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return "";
  }
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

// Offer the device's zone when it is not the one shown and the visitor has chosen none,
// as Google Calendar does; either link remembers the answer (/calendar/view sets the cookie).
function suggestDeviceZone(note) {
  const device = deviceZone();
  const shown = note.dataset.zoneShown;
  if (!device || device === shown || "zoneChosen" in note.dataset) return;
  const select = document.getElementById("zone-select");
  const option = select && [...select.options].find((o) => o.value === device);
  const place = option ? option.textContent : device.replaceAll("_", " ");
  const remember = (zone) => `${note.dataset.remember}&tz=${encodeURIComponent(zone)}`;
  // The words come from the page, in its language (data-text-*, with {place}/{zone}).
  const words = (name, values) =>
    (note.dataset[name] || "").replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);
  note.append(
    `${words("textDevice", { place })} `,
    link(remember(device), words("textShow", { place: place.replace(/ \(UTC.*\)$/, "") })),
    " · ",
    link(remember(shown), words("textKeep", { zone: note.dataset.zoneShownLabel })),
  );
  note.hidden = false;
}

// Menus (<details>) work by themselves; Escape and a click elsewhere also close them.
function closeMenus(except) {
  for (const menu of document.querySelectorAll("details.menu[open]")) {
    if (menu !== except) menu.open = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  // Pickers marked data-autosubmit apply as soon as they change.
  for (const field of document.querySelectorAll("[data-autosubmit]")) {
    field.addEventListener("change", () => field.form.requestSubmit());
  }
  const note = document.querySelector(".zone-suggestion");
  if (note) suggestDeviceZone(note);
  document.addEventListener("click", (event) => closeMenus(event.target.closest("details.menu")));
  document.addEventListener("keydown", (event) => {
    const menu = event.target.closest && event.target.closest("details.menu[open]");
    if (event.key === "Escape" && menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
});
