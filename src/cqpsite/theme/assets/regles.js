// The certification rules, mirroring src/cqpsite/evaluation.py word for word (same table of
// cases: tests/cases/regles.json). Pure functions, no DOM.
(function (global) {
  "use strict";

  var NOMS = {
    bloc: ["bloc", "acquis", "non acquis"],
    capacite: ["capacité", "acquise", "non acquise"]
  };
  var MOTS = {
    bloc: ["blocs obligatoires", "acquis", "tous requis"],
    capacite: ["capacités", "acquises", "toutes requises"]
  };

  // regle: {type, seuil, essentiels}; criteres: [[essentiel, acquis], ...].
  function evaluerUnite(regle, criteres, unite) {
    unite = unite || "bloc";
    if (regle.type === "decision" || regle.seuil === null || regle.seuil === undefined) {
      return { acquis: null, explication: "décision de la commission d’évaluation" };
    }
    var total = criteres.length, acquis = 0, essentiels = 0, essentielsAcquis = 0;
    criteres.forEach(function (c) {
      if (c[1]) { acquis += 1; }
      if (c[0]) { essentiels += 1; }
      if (c[0] && c[1]) { essentielsAcquis += 1; }
    });
    // Integer arithmetic: 79.99 % must never pass an 80 % threshold through rounding.
    var seuilOk = total > 0 && acquis * 100 >= regle.seuil * total;
    var essentielsOk = !regle.essentiels || essentielsAcquis === essentiels;
    var pourcent = total ? Math.floor(acquis * 100 / total) : 0;
    var texte = acquis + " / " + total + " critères acquis (" + pourcent + " %, seuil " +
      regle.seuil + " %)";
    if (regle.essentiels) {
      texte += " ; critères essentiels : " + essentielsAcquis + " / " + essentiels;
    }
    var ok = seuilOk && essentielsOk;
    var n = NOMS[unite];
    return { acquis: ok, explication: texte + " → " + n[0] + " " + (ok ? n[1] : n[2]) };
  }

  // regle: {acquis, non_acquis}; unites: [[optionnel, acquis], ...].
  function evaluerCertification(regle, unites, unite) {
    unite = unite || "bloc";
    var obligatoires = unites.filter(function (u) { return !u[0]; });
    var acquises = obligatoires.filter(function (u) { return u[1]; }).length;
    var ok = acquises === obligatoires.length;
    var m = MOTS[unite];
    var verdict = ok ? regle.acquis : regle.non_acquis;
    return {
      acquis: ok,
      explication: acquises + " / " + obligatoires.length + " " + m[0] + " " + m[1] + " → " +
        verdict + " (" + m[2] + ")"
    };
  }

  global.cqpRegles = { evaluerUnite: evaluerUnite, evaluerCertification: evaluerCertification };
})(window);
