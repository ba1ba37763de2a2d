// Search ranking of the lukin-course book (Sphinx's html_search_scorer).
//
// A student who searches the book wants the lessons first. Sphinx's default
// scores let the API reference swamp them: every object of the library is
// named "lukin_course.…", so a search for "Lukin" matched each of several
// hundred objects by its package prefix alone. Here
//   * lessons rank first, in the order of the table of contents, then the
//     other pages, then the API reference;
//   * an object matches only when the term is in its own name, not merely in
//     the "lukin_course" prefix every object shares.
var Scorer = {
  // Sphinx's own weights, unchanged.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  // Added to a result's score by the kind of page it is on; larger than any
  // difference Sphinx's weights make, so the groups never mix.
  lessonBonus: 200,
  otherPageBonus: 100,
  apiPage: "book/back/api",

  _tocOrder: null,

  // Position of each page in the table of contents (the sidebar's links).
  tocPosition: function (docname) {
    if (this._tocOrder === null) {
      this._tocOrder = {};
      var root = document.documentElement.dataset.content_root || "";
      var links = document.querySelectorAll(".bd-sidebar-primary a.reference.internal, .bd-links a.reference.internal");
      var n = 0;
      for (var i = 0; i < links.length; i++) {
        var href = links[i].getAttribute("href") || "";
        var path = href.split("#")[0].replace(/^(\.\.\/)+/, "").replace(root, "").replace(/\.html$/, "");
        if (path && !(path in this._tocOrder)) this._tocOrder[path] = n++;
      }
    }
    return docname in this._tocOrder ? this._tocOrder[docname] : 999;
  },

  isLesson: function (docname) {
    return docname === "book/index" ||
      (docname.indexOf("book/") === 0 && docname.indexOf("book/back/") !== 0);
  },

  score: function (result) {
    var docname = result[0];
    var score = result[4];
    if (docname === this.apiPage) return score;
    var bonus = this.isLesson(docname) ? this.lessonBonus : this.otherPageBonus;
    // Ties go to the page that comes first in the book (a fraction below 1).
    return score + bonus + (1000 - this.tocPosition(docname)) / 1000;
  },
};

(function () {
  "use strict";
  function matchOwnName() {
    if (typeof Search === "undefined" || Search._lukinOwnName) return;
    var original = Search.performObjectSearch;
    Search.performObjectSearch = function (object, objectTerms) {
      return original(object, objectTerms).filter(function (result) {
        var parts = String(result[1]).toLowerCase().split(".");
        if (parts.length === 1) return true;
        return parts.slice(1).some(function (part) {
          return part.indexOf(object) >= 0;
        });
      });
    };
    Search._lukinOwnName = true;
  }
  matchOwnName();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", matchOwnName);
  }
})();
