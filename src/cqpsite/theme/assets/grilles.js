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

  // The page carries the result as it reads with nothing evaluated (calcul and mention): only
  // the calcul's text changes.
  function ecrire(node, calcul) {
    var ecrit = node.querySelector(".calcul");
    if (ecrit) {
      if (ecrit.textContent !== calcul) { ecrit.textContent = calcul; }
      return;
    }
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

  // true (acquis), false (non acquis) or null (not evaluated yet), as the radios show it.
  function etat(tr) {
    var r = tr.querySelector("input.etat:checked");
    return r ? r.value === "acquis" : null;
  }

  function criteres(grille) {
    var publies = [], lignes = [];
    rows(grille).forEach(function (tr) {
      if (tr.getAttribute("data-critere")) {
        publies.push([tr.getAttribute("data-essentiel") === "oui", etat(tr)]);
        return;
      }
      var texte = tr.querySelector(".ajout-texte"), ess = tr.querySelector(".ajout-essentiel");
      var ligne = [texte.value, ess ? ess.checked : false, etat(tr)];
      // A tick on a row without text counts (regles.js); the row asks for its text.
      tr.querySelector(".a-nommer").hidden = !(ligne[2] !== null && !ligne[0].trim());
      lignes.push(ligne);
    });
    return publies.concat(regles.criteresSaisis(lignes));
  }

  function evaluer(grille) {
    var type = grille.getAttribute("data-regle"), unite = grille.getAttribute("data-type-unite");
    var resultat = grille.querySelector(".resultat");
    if (type === "aucune" || !resultat) { return; }
    var seuil = grille.getAttribute("data-seuil");
    var r = regles.evaluerUnite({ type: type, seuil: seuil === null ? null : Number(seuil),
      essentiels: grille.getAttribute("data-essentiels") === "oui" }, criteres(grille), unite);
    var texte = r.explication, acquis = r.acquis;
    if (type === "decision") {
      // The commission decides: the unit counts in the synthesis as the candidate estimates it.
      var d = store.get("grilles", "decision:" + grille.getAttribute("data-unite"));
      acquis = d ? d === "acquise" : null;
      texte += " ; mon estimation : " + (d ? (unite === "bloc" ? "bloc " : "capacité ") +
        d.replace("-", " ") : "à choisir");
    }
    grille.setAttribute("data-acquis", acquis === null ? "" : acquis ? "oui" : "non");
    ecrire(resultat, texte);
  }

  function synthese(box) {
    var unite = box.getAttribute("data-unite"), paires = [], estimations = false;
    box.querySelectorAll("tbody tr[data-unite]").forEach(function (tr) {
      var grille = doc.getElementById("grille-" + tr.getAttribute("data-unite"));
      var res = grille ? grille.getAttribute("data-acquis") : "";
      var estime = grille && grille.getAttribute("data-regle") === "decision";
      var fem = unite === "capacite";
      estimations = estimations || estime;
      tr.lastElementChild.textContent = res === "oui" ? (fem ? "acquise" : "acquis") :
        res === "non" ? (fem ? "non acquise" : "non acquis") :
        estime ? "estimation à choisir" : "à évaluer";
      if (estime && res) { tr.lastElementChild.textContent += " (mon estimation)"; }
      paires.push([tr.getAttribute("data-optionnel") === "oui",
        res === "oui" ? true : res === "non" ? false : null]);
    });
    var r = regles.evaluerCertification({ acquis: box.getAttribute("data-acquis"),
      non_acquis: box.getAttribute("data-non-acquis") }, paires, unite);
    ecrire(box.querySelector(".resultat"),
      (estimations && r.acquis !== null ? "D’après mes estimations : " : "") + r.explication);
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
          var ess = tr.querySelector(".ajout-essentiel");
          if (ess) { ess.checked = a.essentiel === true; }
        }
      });
      var d = store.get("grilles", "decision:" + grille.getAttribute("data-unite")) || "";
      grille.querySelectorAll(".decision input").forEach(function (r) { r.checked = r.value === d; });
      evaluer(grille);
    });
    global.cqpReponses.growAll(areas, true);
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
      var ess = tr.querySelector(".ajout-essentiel"), essentiel = ess ? ess.checked : false;
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
    // After the answers (reponses.js writes them in a task of its own, queued before this one).
    global.cqpReponses.apart(refresh);
  }

  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
})(window);
