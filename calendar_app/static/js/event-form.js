// Event form niceties; the form works the same without them.
// - After a refused submit, focus moves to the message saying what went wrong
//   (the error summary lists each bad field as a link to it).
// - "All day" hides the time inputs and the time zone.
// - Choosing a location fills the time zone with the location's, unless the
//   user typed a different one.
(function () {
  "use strict";
  var message = document.querySelector("[data-focus-on-load]");
  if (message) message.focus();

  var form = document.querySelector("form.event-form");
  if (!form) return;
  var when = document.getElementById("when");
  var allDay = form.querySelector("#all_day");
  var location = form.querySelector("#location_id");
  var zoneInput = form.querySelector("#timezone");
  var zones = {};
  var template = document.getElementById("location-zones");
  if (template) {
    template.content.querySelectorAll("span").forEach(function (span) {
      zones[span.dataset.id] = span.dataset.zone;
    });
  }

  function showTimes() {
    when.classList.toggle("is-all-day", allDay.checked);
  }
  if (allDay && when) {
    allDay.addEventListener("change", showTimes);
    showTimes();
  }

  if (location && zoneInput) {
    var previous = zones[location.value] || "";
    location.addEventListener("change", function () {
      var next = zones[location.value] || "";
      if (zoneInput.value === "" || zoneInput.value === previous) {
        zoneInput.value = next;
      }
      previous = next;
    });
  }
})();
