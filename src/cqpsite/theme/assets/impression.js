// The printed cover of the dossier and grid pages: the candidate's name and a date typed once
// (kept in this browser only, apart from the answers), shown on the cover and, with the
// document's title, at the foot of every printed page after the first.
(function (global) {
  "use strict";

  var doc = global.document;

  // A CSS string literal: the text comes from the YAML and from the candidate.
  function cssString(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/[\n\r\f]/g, " ") + '"';
  }

  function dateFr(v) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(v || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  // The listener at once (a name typed right after loading is kept); reading the saved name
  // and writing the print footer's style in a task of its own, after the page's first one.
  function init() {
    var cover = doc.querySelector(".couverture[data-referentiel]");
    // The fields are in the page (template macro ``couverture_saisie``): nothing moves here.
    var box = doc.querySelector(".couverture-saisie");
    if (!cover || !box) { return; }
    var key = "cqpsite-couverture:" + cover.getAttribute("data-referentiel");
    var champs = {
      nom: doc.getElementById("couverture-nom"), date: doc.getElementById("couverture-date")
    };
    var style = null;

    function update() {
      if (!style) { return; }
      var nom = champs.nom.value.trim(), date = dateFr(champs.date.value);
      cover.querySelector(".couverture-nom").textContent = nom;
      cover.querySelector(".couverture-date").textContent = date;
      var pied = cover.getAttribute("data-titre") + (nom ? " — " + nom : "");
      style.textContent = "@media print { @page { @bottom-left { content: " + cssString(pied) +
        "; font-size: 8pt; color: #333; } } @page :first { @bottom-left { content: none; } } }";
    }

    box.addEventListener("input", function () {
      var saved = { nom: champs.nom.value, date: champs.date.value };
      try { global.localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* kept on the page */ }
      update();
    });
    global.setTimeout(function () {
      var saved = {};
      try { saved = JSON.parse(global.localStorage.getItem(key) || "{}") || {}; } catch (e) { saved = {}; }
      ["nom", "date"].forEach(function (c) {
        // A field typed in before this ran keeps what was typed (and saved).
        if (!champs[c].value && typeof saved[c] === "string") { champs[c].value = saved[c]; }
      });
      style = doc.createElement("style");
      doc.head.appendChild(style);
      update();
    }, 0);
  }

  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
})(window);
