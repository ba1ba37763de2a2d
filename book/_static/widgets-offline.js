// Loaded on pages with saved widget state, after RequireJS and before the
// widget manager (see nb_ipywidgets_js in _config.yml).
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;

  // 1. The manager's bundle resolves its font files relative to the AMD module
  //    "@jupyter-widgets/html-manager/dist/libembed-amd"; without this mapping
  //    RequireJS places that module next to the page and the fonts 404.
  if (here && typeof require !== "undefined") {
    var vendor = here.slice(0, here.lastIndexOf("/") + 1) + "vendor/";
    require.config({
      paths: { "@jupyter-widgets/html-manager/dist": vendor + "html-manager" },
    });
  }

  // 2. The widgets typeset their labels through the MathJax 2 API
  //    (MathJax.Hub.Queue); the book serves MathJax 3. Give whatever object is
  //    window.MathJax (the configuration first, MathJax 3 itself once loaded) a
  //    small Hub that forwards to MathJax 3's typesetPromise.
  var hub = {
    Queue: function (job) {
      var element = job && job[2];
      var mathjax = window.MathJax;
      if (element && mathjax && typeof mathjax.typesetPromise === "function") {
        mathjax.typesetPromise([element]).catch(function () {});
      }
    },
  };
  function withHub(value) {
    if (value && typeof value === "object" && !value.Hub) {
      Object.defineProperty(value, "Hub", { value: hub, enumerable: false });
    }
    return value;
  }
  var current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () {
      return current;
    },
    set: function (value) {
      current = withHub(value);
    },
  });
})();
