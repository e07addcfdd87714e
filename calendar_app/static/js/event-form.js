// Event form niceties; the form works the same without them.
// - After a refused submit, focus moves to the message saying what went wrong
//   (the error summary lists each bad field as a link to it).
// - "All day" hides the time inputs and the time zone.
// - Choosing a location fills the time zone with the location's, unless the
//   user typed a different one.
// - "New location" in the list opens the New location fieldset (a <details>, which
//   opens by hand without JavaScript) and goes to its venue; typing a venue there with
//   no location chosen chooses "New location".
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

  // A new location has no zone here yet: the field empties, and the event takes the
  // zone typed for the location (the rules do that for an empty time zone).
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

  var details = document.getElementById("new-location");
  var venue = form.querySelector("#new_location-name");
  if (location && details && venue) {
    location.addEventListener("change", function () {
      if (location.value === "new") {
        details.open = true;
        venue.focus();
      }
    });
    venue.addEventListener("input", function () {
      if (location.value === "" && venue.value.trim() !== "") {
        location.value = "new";
      }
    });
  }
})();
