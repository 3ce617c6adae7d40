// The report page waits for its report: it asks the server every two seconds and
// reloads when the report is ready or has failed. (A static file: the CSP allows no
// inline script.)
(function () {
  "use strict";
  var state = document.getElementById("report-state");
  if (!state || !state.dataset.statusUrl) {
    return;
  }
  function check() {
    fetch(state.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (report) {
        if (report.state === "ready" || report.state === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(check, 2000);
        }
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 2000);
})();
