// Evaluation grids: acquis / non acquis per criterion, observations, criteria typed in the blank
// rows of unpublished blocs, the unit rule (regles.js) and the certification synthesis.
(function (global) {
  "use strict";

  var store = global.cqpStockage, regles = global.cqpRegles, doc = global.document;
  var MENTION = "Aide à la préparation, pas la décision du jury.";

  function rows(grille) {
    return Array.prototype.filter.call(grille.querySelectorAll("tbody tr"), function (tr) {
      return tr.getAttribute("data-critere") || tr.getAttribute("data-ajout");
    });
  }

  function cle(tr) { return tr.getAttribute("data-critere") || tr.getAttribute("data-ajout"); }

  function ecrire(node, calcul) {
    node.textContent = "";
    var span = doc.createElement("span");
    span.className = "calcul";
    span.textContent = calcul;
    var mention = doc.createElement("span");
    mention.className = "mention";
    mention.textContent = MENTION;
    node.appendChild(span);
    node.appendChild(doc.createTextNode(" "));
    node.appendChild(mention);
  }

  function evaluer(grille) {
    var type = grille.getAttribute("data-regle"), unite = grille.getAttribute("data-type-unite");
    var resultat = grille.querySelector(".resultat");
    if (type === "aucune" || !resultat) { return; }
    var criteres = [];
    rows(grille).forEach(function (tr) {
      var acquis = tr.querySelector("input.etat[value=acquis]").checked;
      if (tr.getAttribute("data-critere")) {
        criteres.push([tr.getAttribute("data-essentiel") === "oui", acquis]);
      } else if (tr.querySelector(".ajout-texte").value.trim()) {
        criteres.push([tr.querySelector(".ajout-essentiel").checked, acquis]);
      }
    });
    var seuil = grille.getAttribute("data-seuil");
    var r = regles.evaluerUnite({ type: type, seuil: seuil === null ? null : Number(seuil),
      essentiels: grille.getAttribute("data-essentiels") === "oui" }, criteres, unite);
    var texte = r.explication, acquis = r.acquis;
    if (type === "decision") {
      var d = store.get("grilles", "decision:" + grille.getAttribute("data-unite"));
      acquis = d ? d === "acquise" : null;
      if (d) { texte += " : " + (unite === "bloc" ? "bloc " : "capacité ") + d.replace("-", " "); }
    }
    grille.setAttribute("data-acquis", acquis === null ? "" : acquis ? "oui" : "non");
    ecrire(resultat, texte);
  }

  function synthese(box) {
    var unite = box.getAttribute("data-unite"), paires = [];
    box.querySelectorAll("tbody tr[data-unite]").forEach(function (tr) {
      var grille = doc.getElementById("grille-" + tr.getAttribute("data-unite"));
      var etat = grille ? grille.getAttribute("data-acquis") : "";
      var fem = unite === "capacite";
      tr.lastElementChild.textContent = etat === "oui" ? (fem ? "acquise" : "acquis") :
        etat === "non" ? (fem ? "non acquise" : "non acquis") : "décision à saisir";
      paires.push([tr.getAttribute("data-optionnel") === "oui", etat === "oui"]);
    });
    var r = regles.evaluerCertification({ acquis: box.getAttribute("data-acquis"),
      non_acquis: box.getAttribute("data-non-acquis") }, paires, unite);
    ecrire(box.querySelector(".resultat"), r.explication);
  }

  function refresh() {
    var known = Object.create(null), areas = [];
    doc.querySelectorAll(".grille[data-referentiel]").forEach(function (grille) {
      known[grille.getAttribute("data-unite")] = true;
      rows(grille).forEach(function (tr) {
        var k = cle(tr);
        known[k] = true;
        var etat = store.get("grilles", k) || "";
        tr.querySelectorAll("input.etat").forEach(function (r) { r.checked = r.value === etat; });
        var obs = tr.querySelector(".observations"), v = store.get("grilles", "observations:" + k) || "";
        if (obs.value !== v) { obs.value = v; }
        areas.push(obs);
        if (tr.getAttribute("data-ajout")) {
          var a = store.get("criteres_ajoutes", k) || {};
          var texte = tr.querySelector(".ajout-texte");
          if (texte.value !== (a.texte || "")) { texte.value = a.texte || ""; }
          areas.push(texte);
          tr.querySelector(".ajout-essentiel").checked = a.essentiel === true;
        }
      });
      var d = store.get("grilles", "decision:" + grille.getAttribute("data-unite")) || "";
      grille.querySelectorAll(".decision input").forEach(function (r) { r.checked = r.value === d; });
      evaluer(grille);
    });
    global.cqpReponses.growAll(areas);
    doc.querySelectorAll(".synthese").forEach(synthese);
    var outils = doc.querySelector(".reponses-outils[data-page=grille]");
    if (outils && doc.querySelector(".synthese")) {
      // The grid page carries every criterion: list answers kept for removed ones.
      var grilles = store.entries("grilles"), lignes = [];
      Object.keys(grilles).sort().forEach(function (k) {
        if (!known[k.replace(/^(observations|decision):/, "")]) {
          lignes.push([global.cqpReponses.libelle("grilles", k),
            global.cqpReponses.valeur("grilles", grilles[k])]);
        }
      });
      global.cqpReponses.showRetired("Réponses à des critères retirés", lignes);
    }
  }

  function onEdit(event) {
    var t = event.target, tr = t.closest && t.closest(".grille tbody tr");
    var grille = t.closest && t.closest(".grille[data-referentiel]");
    if (!grille) { return; }
    if (t.matches(".decision input")) {
      store.set("grilles", "decision:" + grille.getAttribute("data-unite"), t.value);
    } else if (tr && t.matches("input.etat")) {
      store.set("grilles", cle(tr), t.value);
    } else if (tr && t.matches(".observations")) {
      store.set("grilles", "observations:" + cle(tr), t.value);
      global.cqpReponses.grow(t);
    } else if (tr && t.matches(".ajout-texte, .ajout-essentiel")) {
      if (t.matches(".ajout-texte")) { global.cqpReponses.grow(t); }
      var texte = tr.querySelector(".ajout-texte").value;
      var essentiel = tr.querySelector(".ajout-essentiel").checked;
      store.set("criteres_ajoutes", cle(tr), texte || essentiel ?
        { texte: texte, essentiel: essentiel } : "");
    } else { return; }
    evaluer(grille);
    doc.querySelectorAll(".synthese").forEach(synthese);
  }

  function init() {
    if (!doc.querySelector(".grille[data-referentiel]") || !store || !global.cqpReponses) { return; }
    doc.addEventListener("input", onEdit);
    doc.addEventListener("change", function (event) {
      if (event.target.matches("input[type=radio], input[type=checkbox]")) { onEdit(event); }
    });
    store.onChange(refresh);
    refresh();
  }

  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
})(window);
