// The Repeats control: show only the parts the chosen repeat needs, and fill the
// weekday and the day of the month from the start date until the user picks their own.
// Without this script every part is shown and the server reads only the ones it needs.
(function () {
  "use strict";
  var box = document.querySelector("[data-repeats]");
  if (!box) return;
  var form = box.closest("form");
  var kind = box.querySelector("#repeats");
  var unit = box.querySelector("#repeat_unit");
  var start = form.querySelector("#start_date");
  var codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
  var touched = {};
  box.classList.add("js-repeats"); // the "With …:" notes are for pages without this script

  function monthBy() {
    var checked = box.querySelector("input[name=repeat_month_by]:checked");
    return checked ? checked.value : "day";
  }

  // The tokens a part's data-for lists: the kind, and for custom its unit (and how
  // custom months repeat).
  function tokens() {
    var found = [kind.value];
    if (kind.value === "custom") {
      found.push("custom-" + unit.value);
      if (unit.value === "MONTHLY") found.push("custom-MONTHLY-" + monthBy());
    }
    return found;
  }

  function show() {
    var now = tokens();
    box.querySelectorAll("[data-for]").forEach(function (part) {
      var wanted = part.dataset.for.split(" ");
      part.hidden = !wanted.some(function (t) { return now.indexOf(t) !== -1; });
    });
    var ends = box.querySelector("input[name=repeat_ends]:checked");
    var how = ends ? ends.value : "never";
    box.querySelector("#field-repeat_count").hidden = how !== "count";
    box.querySelector("#field-repeat_until").hidden = how !== "until";
  }

  // The words describe the rule as the page came: once the choice changes they do not.
  function changed() {
    var words = document.getElementById("repeat-words");
    if (words) words.hidden = true;
    show();
  }

  function startDay() {
    var parts = (start && start.value || "").split("-");
    if (parts.length !== 3) return null;
    var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    return isNaN(day) ? null : day;
  }

  function defaults() {
    var day = startDay();
    if (!day) return;
    var code = codes[day.getUTCDay()];
    if (!touched.weekdays) {
      box.querySelectorAll("input[name=repeat_weekdays]").forEach(function (input) {
        input.checked = input.value === code;
      });
    }
    var monthday = box.querySelector("#repeat_monthday");
    if (monthday && !touched.monthday) monthday.value = day.getUTCDate();
    var nth = Math.floor((day.getUTCDate() - 1) / 7) + 1;
    var ordinal = box.querySelector("#repeat_ordinal");
    if (ordinal && !touched.ordinal) ordinal.value = String(nth > 4 ? -1 : nth);
    var weekday = box.querySelector("#repeat_weekday");
    if (weekday && !touched.weekday) weekday.value = code;
  }

  // A part already set (an edited series, a refused submit) counts as the user's own.
  function remember(name, selector, isSet) {
    var inputs = box.querySelectorAll(selector);
    touched[name] = isSet(inputs);
    inputs.forEach(function (input) {
      input.addEventListener("change", function () { touched[name] = true; });
    });
  }
  var editing = kind.value !== "none";
  remember("weekdays", "input[name=repeat_weekdays]", function (inputs) {
    return Array.prototype.some.call(inputs, function (i) { return i.checked; });
  });
  remember("monthday", "#repeat_monthday", function (i) { return i[0] && i[0].value !== ""; });
  remember("ordinal", "#repeat_ordinal", function () { return editing; });
  remember("weekday", "#repeat_weekday", function () { return editing; });

  box.addEventListener("change", changed);
  if (start) start.addEventListener("change", defaults);
  defaults();
  show();
})();
