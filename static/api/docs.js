// The API docs page: Swagger UI (from the drf-spectacular-sidecar package, served as our
// static files) reads the schema the page names. A static file: the CSP allows no inline
// script.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !root.dataset.schemaUrl || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null, // nothing sent to another site
    deepLinking: false,
    syntaxHighlight: false, // its colour themes fail 4.5:1 contrast; docs.css styles code
    // No "Try it out": its forms' lists (an enum parameter's select) have no accessible
    // name, which axe rates critical. The page reads; a GET in the browser or a tool tries.
    supportedSubmitMethods: [],
    defaultModelsExpandDepth: -1,
  });
})();
